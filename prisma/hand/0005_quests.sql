ALTER TABLE "universal_quests" ADD CONSTRAINT "universal_quests_values_check"
  CHECK ("target_value" >= 1 AND "xp_reward" >= 0 AND "coin_reward" >= 0);
ALTER TABLE "user_quests" ADD CONSTRAINT "user_quests_values_check"
  CHECK ("target_value" >= 1 AND "current_value" >= 0 AND "xp_reward" >= 0 AND "coin_reward" >= 0);
ALTER TABLE "user_quest_progress" ADD CONSTRAINT "user_quest_progress_value_check" CHECK ("current_value" >= 0);
