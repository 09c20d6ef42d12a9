-- 0013_seeds — DATA ONLY: no tables, columns, types or indexes are created or changed here.
-- Loads the admin-managed catalogues every installation starts with: roles, achievement
-- definitions, universal quests, market items, the learning catalogue, the welcome
-- onboarding flow, listening prompts and the global exercise catalogue.
-- Runs once, inside the migration runner's transaction, after 0001..0012 created the
-- tables. Ids, created_at and updated_at come from the column defaults; child rows find
-- their parent by its stable key.

-- ---------------------------------------------------------------------------
-- Roles
-- ---------------------------------------------------------------------------
INSERT INTO "roles" ("key", "name", "description") VALUES
  ('admin', 'Administrator', 'Manages the shared catalogues (quests, market, learning, onboarding, exercises), user roles and feedback triage.'),
  ('user', 'Member', 'A regular account: owns its habits, goals, plans and history, and can use every catalogue.');

-- ---------------------------------------------------------------------------
-- Achievement definitions
-- ---------------------------------------------------------------------------
INSERT INTO "achievement_definitions"
  ("key", "name", "description", "category", "icon", "xp_reward", "coin_reward", "criteria", "is_secret", "sort_order")
VALUES
  ('first-habit-check', 'First Check-in', 'Complete a habit for the first time.', 'habits', 'check-circle', 20, 5,
   '{"type":"habit_completions","count":1}', false, 10),
  ('habit-streak-7', 'One Good Week', 'Keep your habit streak alive for 7 days in a row.', 'habits', 'flame', 75, 15,
   '{"type":"streak","streak":"habits","days":7}', false, 20),
  ('habit-streak-30', 'Creature of Habit', 'Keep your habit streak alive for 30 days in a row.', 'habits', 'flame-double', 250, 60,
   '{"type":"streak","streak":"habits","days":30}', false, 30),
  ('focus-first-session', 'Deep Breath', 'Finish your first full focus session without abandoning it.', 'focus', 'timer', 20, 5,
   '{"type":"focus_sessions","status":"COMPLETED","count":1}', false, 40),
  ('focus-10-hours', 'Ten Hours Deep', 'Accumulate 10 hours of completed focus time.', 'focus', 'hourglass', 150, 40,
   '{"type":"focus_minutes","minutes":600}', false, 50),
  ('quest-first-complete', 'Quest Giver''s Friend', 'Complete your first quest, from the catalogue or one of your own.', 'quests', 'scroll', 30, 10,
   '{"type":"quests_completed","count":1}', false, 60),
  ('planner-week', 'Planned Week', 'Write a daily plan on 7 different days.', 'planning', 'calendar-check', 60, 15,
   '{"type":"daily_plans","count":7}', false, 70),
  ('inbox-zero', 'Inbox Zero', 'Archive every open inbox item after having at least five.', 'planning', 'inbox', 40, 10,
   '{"type":"inbox_zero","min_items":5}', false, 80),
  ('bookworm', 'Bookworm', 'Finish three books from your reading list.', 'reading', 'book-open', 120, 30,
   '{"type":"books_finished","count":3}', false, 90),
  ('first-workout', 'Warmed Up', 'Log your first workout session with at least one set.', 'fitness', 'dumbbell', 25, 5,
   '{"type":"workout_sessions","count":1}', false, 100),
  ('lesson-learner', 'Student of the Craft', 'Complete five lessons in the learning section.', 'learning', 'graduation-cap', 80, 20,
   '{"type":"lessons_completed","count":5}', false, 110),
  ('level-5', 'Rising Star', 'Reach level 5.', 'progress', 'star', 100, 50,
   '{"type":"level","level":5}', false, 120),
  ('night-owl', 'Night Owl', 'Finish a focus session that started after 23:00 your time.', 'focus', 'moon', 30, 10,
   '{"type":"focus_session_started_after","local_time":"23:00"}', true, 130);

-- ---------------------------------------------------------------------------
-- Universal quests
-- ---------------------------------------------------------------------------
INSERT INTO "universal_quests"
  ("key", "title", "description", "category", "cadence", "target_value", "unit", "xp_reward", "coin_reward", "sort_order")
VALUES
  ('daily-three-habits', 'Three for Today', 'Complete any three of your habits today.', 'habits', 'DAILY', 3, 'habits', 30, 5, 10),
  ('daily-focus-50', 'Fifty Focused Minutes', 'Spend 50 minutes in completed focus sessions today.', 'focus', 'DAILY', 50, 'minutes', 40, 6, 20),
  ('daily-plan', 'Plan the Day', 'Write today''s plan with at least three items before noon.', 'planning', 'DAILY', 3, 'items', 15, 3, 30),
  ('daily-inbox-triage', 'Clear the Deck', 'Read or archive five inbox items today.', 'planning', 'DAILY', 5, 'items', 15, 2, 40),
  ('weekly-focus-5h', 'Deep Work Week', 'Reach five hours of completed focus time this week.', 'focus', 'WEEKLY', 300, 'minutes', 150, 25, 50),
  ('weekly-workouts-3', 'Move Three Times', 'Log three workout sessions this week.', 'fitness', 'WEEKLY', 3, 'sessions', 120, 20, 60),
  ('weekly-reading-100', 'Hundred Pages', 'Read 100 pages this week, across any books.', 'reading', 'WEEKLY', 100, 'pages', 100, 15, 70),
  ('weekly-ear-training', 'Train Your Ears', 'Finish four ear-training drills this week.', 'learning', 'WEEKLY', 4, 'drills', 80, 12, 80),
  ('once-first-reference', 'Study a Reference', 'Add a reference track and mark at least three regions on it.', 'music', 'ONCE', 3, 'regions', 60, 15, 90),
  ('once-complete-onboarding', 'Make Yourself at Home', 'Finish the welcome tour and set your time zone.', 'onboarding', 'ONCE', 1, 'times', 25, 10, 100);

-- ---------------------------------------------------------------------------
-- Market items
-- ---------------------------------------------------------------------------
INSERT INTO "market_items"
  ("key", "name", "description", "category", "rarity", "price_coins", "available_from", "available_until", "sort_order")
VALUES
  ('coffee-break', 'Proper Coffee Break', 'A real reward for real work: fifteen minutes away from the desk with a good coffee.', 'reward', 'COMMON', 15, NULL, NULL, 10),
  ('episode-night', 'Guilt-free Episode', 'One episode of a series tonight, no second-guessing.', 'reward', 'COMMON', 25, NULL, NULL, 20),
  ('streak-freeze', 'Streak Freeze', 'Protects your daily activity streak for one missed day.', 'power-up', 'UNCOMMON', 40, NULL, NULL, 30),
  ('double-xp-hour', 'Double XP Hour', 'Focus sessions finished in the next hour earn twice the XP.', 'power-up', 'RARE', 60, NULL, NULL, 40),
  ('theme-forest', 'Forest Theme', 'A calm dark-green theme with soft contrast for long evenings.', 'theme', 'UNCOMMON', 80, NULL, NULL, 50),
  ('theme-paper', 'Paper Theme', 'Warm off-white pages and ink-black text, easy on the eyes in daylight.', 'theme', 'UNCOMMON', 80, NULL, NULL, 60),
  ('sound-rain-cafe', 'Rainy Cafe Soundscape', 'Light rain against the window and a quiet cafe murmur for focus sessions.', 'focus-sound', 'RARE', 120, NULL, NULL, 70),
  ('sound-brown-noise', 'Deep Brown Noise', 'A low, even noise bed that masks open-office chatter.', 'focus-sound', 'COMMON', 45, NULL, NULL, 80),
  ('badge-early-bird', 'Early Bird Badge', 'A profile badge for people who start their day before the inbox does.', 'badge', 'RARE', 150, NULL, NULL, 90),
  ('book-fund', 'New Book Voucher', 'Treat yourself to a new book for the reading list.', 'reward', 'EPIC', 300, NULL, NULL, 100),
  ('theme-winter-solstice', 'Winter Solstice Theme', 'Long-night blues and candle-warm accents. Only around the turn of the year.', 'theme', 'EPIC', 200,
   '2026-12-01T00:00:00Z', '2027-01-07T00:00:00Z', 110),
  ('badge-founding-member', 'Founding Member Badge', 'For the people who were here in the first year. Gone when the year is over.', 'badge', 'LEGENDARY', 500,
   '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', 120);

-- ---------------------------------------------------------------------------
-- Learning: topics, lessons, drills
-- ---------------------------------------------------------------------------
INSERT INTO "learn_topics" ("key", "title", "description", "sort_order") VALUES
  ('music-theory', 'Music Theory Essentials', 'Intervals, scales and chords: the vocabulary behind the reference tracks you study.', 10),
  ('ear-training', 'Ear Training', 'Hear what is going on in a mix: intervals, frequency ranges and song structure.', 20),
  ('productivity', 'Focused Productivity', 'Practical methods for planning a day, protecting focus and finishing what matters.', 30),
  ('fitness-basics', 'Fitness Basics', 'How to train safely and make steady progress with a few well-chosen exercises.', 40);

INSERT INTO "learn_lessons" ("topic_id", "key", "title", "summary", "content", "estimated_minutes", "xp_reward", "sort_order")
SELECT t."id", v."key", v."title", v."summary", v."content", v."estimated_minutes", v."xp_reward", v."sort_order"
FROM (VALUES
  ('music-theory', 'intervals-101', 'Intervals: the Distance Between Notes',
   'Name an interval by counting semitones and letter names.',
   '## Counting semitones

An **interval** is the distance between two notes. On a keyboard every adjacent key, black or white, is one **semitone** apart.

- 3 semitones: minor third (C to E-flat)
- 4 semitones: major third (C to E)
- 7 semitones: perfect fifth (C to G)

Count letter names too: C to E is a *third* because it spans C, D, E. That is why C to E-flat is a minor third and not an augmented second.',
   6, 10, 10),
  ('music-theory', 'major-minor-scales', 'Major and Minor Scales',
   'Build any major or natural minor scale from its step pattern.',
   '## Step patterns

A **major scale** follows whole (W) and half (H) steps: W W H W W W H. Start on C and you get the white keys C D E F G A B C.

The **natural minor** scale uses W H W W H W W. A minor shares its notes with C major; the two are *relative* keys.

Try it: start on G, follow the major pattern, and you will need exactly one sharp, F-sharp.',
   8, 12, 20),
  ('music-theory', 'triads-and-sevenths', 'Triads and Seventh Chords',
   'Stack thirds to build the chords most pop and electronic tracks use.',
   '## Stacking thirds

A **triad** is three notes stacked in thirds: root, third and fifth.

| Chord | Intervals from root | Example |
|-------|---------------------|---------|
| Major | 4 + 3 semitones | C E G |
| Minor | 3 + 4 semitones | A C E |

Add another third on top and you get a **seventh chord**. Cmaj7 (C E G B) sounds lush; C7 (C E G B-flat) wants to resolve to F.',
   10, 15, 30),
  ('ear-training', 'interval-recognition', 'Recognising Intervals by Ear',
   'Anchor each interval to a melody you already know.',
   '## Reference melodies

Most people learn intervals by tying each one to a familiar tune:

- **Perfect fourth**: the opening of *Here Comes the Bride*
- **Perfect fifth**: the first two notes of the *Star Wars* theme
- **Major sixth**: the start of *My Bonnie Lies over the Ocean*

Sing the interval back before you answer. If you can sing it, you can name it.',
   7, 10, 10),
  ('ear-training', 'frequency-bands', 'Hearing Frequency Bands',
   'Learn what lives in the lows, mids and highs of a mix.',
   '## Where things live

- **Sub and bass (20 to 250 Hz)**: kick drum weight, bass lines. Too much sounds muddy.
- **Low mids (250 to 800 Hz)**: body of vocals and guitars; the usual source of boxiness.
- **Presence (2 to 5 kHz)**: clarity and attack. Our ears are most sensitive here.
- **Air (10 kHz and up)**: shimmer and breath.

Play a reference track through a narrow band filter and sweep it slowly. Say out loud what you hear in each band.',
   9, 12, 20),
  ('ear-training', 'song-structure', 'Mapping Song Structure',
   'Mark intro, verse, chorus, breakdown and drop while you listen.',
   '## Sections and transitions

Most tracks are built from sections of 8 or 16 bars. Listen for what *changes* at a boundary: a new drum pattern, a filter opening, a vocal entering.

1. Start a timer with the track.
2. Note the time of every change you hear.
3. Label the sections afterwards.

In the reference section of the app you can save these as **regions** and compare how two producers pace the same genre.',
   8, 12, 30),
  ('productivity', 'time-blocking', 'Time Blocking Your Day',
   'Give every important task a slot on the calendar instead of a place on a list.',
   '## From list to calendar

A to-do list says *what*; a time block says *when*. Each morning:

1. Pick the one to three tasks that would make today a good day.
2. Put each into a block of 25 to 90 minutes.
3. Leave a buffer block in the afternoon for whatever comes up.

When a block ends, stop and re-plan. A plan you adjust is still a plan.',
   6, 10, 10),
  ('productivity', 'pomodoro-method', 'The Pomodoro Method',
   'Work in 25-minute sprints with short breaks to keep attention fresh.',
   '## How it works

Set a timer for **25 minutes** and work on a single task. When it rings, take a **5-minute** break. After four rounds, take a longer break of 15 to 30 minutes.

Tips:

- Write down distractions in the inbox instead of acting on them.
- If a task takes less than one pomodoro, batch it with others.
- Count completed pomodoros, not hours: it is a more honest measure.',
   5, 10, 20),
  ('productivity', 'weekly-review', 'The Weekly Review',
   'Thirty minutes every week to close loops and choose next week''s priorities.',
   '## Checklist

1. **Empty the inbox**: every capture becomes a task, an event, or is archived.
2. **Look back**: which habits held up, and which slipped? Why?
3. **Look ahead**: check the calendar for the next two weeks.
4. **Choose**: pick three outcomes for the coming week and write them down.

Do it at the same time every week; Friday afternoon or Sunday evening both work well.',
   7, 12, 30),
  ('fitness-basics', 'progressive-overload', 'Progressive Overload',
   'Get stronger by asking slightly more of your body over time.',
   '## The principle

Muscles adapt to the demands you place on them. To keep progressing, increase one variable at a time:

- **Reps**: 8 reps this week, 9 next week.
- **Load**: add the smallest plate once you hit the top of your rep range.
- **Sets**: go from 3 to 4 working sets.

Log every session. Without a log you are guessing.',
   6, 10, 10),
  ('fitness-basics', 'warm-up-routine', 'A Five-Minute Warm-up',
   'Raise your temperature and rehearse the movements before you load them.',
   '## Routine

1. **Two minutes** of easy cardio: skipping, rowing or brisk walking.
2. **Mobility**: ten leg swings per side, ten arm circles each direction, five cat-cow breaths.
3. **Ramp-up sets**: before your first exercise do two light sets, at roughly 40 and 70 percent of your working weight.

A warm-up should leave you slightly warm, never tired.',
   5, 8, 20),
  ('fitness-basics', 'recovery-and-sleep', 'Recovery and Sleep',
   'Progress happens between sessions: sleep, food and rest days.',
   '## Recovering well

- Aim for **7 to 9 hours** of sleep; it is when most repair happens.
- Eat enough protein: roughly 1.6 g per kg of body weight per day for most lifters.
- Train the same muscle group hard at most every 48 hours.

If your performance drops for two sessions in a row, take an extra rest day before adding more work.',
   6, 10, 30)
) AS v("topic_key", "key", "title", "summary", "content", "estimated_minutes", "xp_reward", "sort_order")
JOIN "learn_topics" t ON t."key" = v."topic_key";

INSERT INTO "learn_drills" ("topic_id", "key", "title", "prompt", "drill_type", "difficulty", "config", "xp_reward", "sort_order")
SELECT t."id", v."key", v."title", v."prompt", v."drill_type", v."difficulty", v."config"::jsonb, v."xp_reward", v."sort_order"
FROM (VALUES
  ('music-theory', 'name-the-interval', 'Name the Interval',
   'How many semitones apart are the two notes, and what is the interval called?',
   'multiple_choice', 1,
   '{"questions":[{"notes":["C4","E4"],"choices":["minor third","major third","perfect fourth"],"answer":"major third"},{"notes":["A3","E4"],"choices":["perfect fourth","perfect fifth","major sixth"],"answer":"perfect fifth"},{"notes":["D4","F4"],"choices":["minor third","major third","major second"],"answer":"minor third"}]}',
   5, 10),
  ('music-theory', 'spell-the-chord', 'Spell the Chord',
   'Write the notes of the chord, root first.',
   'recall', 2,
   '{"questions":[{"chord":"G major","answer":["G","B","D"]},{"chord":"D minor","answer":["D","F","A"]},{"chord":"Fmaj7","answer":["F","A","C","E"]}]}',
   6, 20),
  ('music-theory', 'key-signatures', 'Key Signatures',
   'How many sharps or flats does this major key have?',
   'recall', 3,
   '{"questions":[{"key":"D major","answer":"2 sharps"},{"key":"E-flat major","answer":"3 flats"},{"key":"A major","answer":"3 sharps"}]}',
   6, 30),
  ('ear-training', 'interval-ear', 'Interval Ear Trainer',
   'Listen to two notes played one after the other and name the interval.',
   'ear_training', 2,
   '{"mode":"melodic","direction":"ascending","intervals":["m3","M3","P4","P5","M6","P8"],"rounds":10,"root_range":["C3","C5"]}',
   8, 10),
  ('ear-training', 'band-guess', 'Which Band Was Boosted?',
   'A pink-noise loop has one band boosted by 6 dB. Pick the band.',
   'ear_training', 3,
   '{"mode":"eq_boost","gain_db":6,"q":1.4,"bands_hz":[100,250,500,1000,2000,4000,8000],"rounds":8}',
   8, 20),
  ('productivity', 'pomodoro-recall', 'Pomodoro Basics',
   'How long is a standard pomodoro, and how long is the long break after four rounds?',
   'multiple_choice', 1,
   '{"questions":[{"question":"Length of one pomodoro","choices":["15 minutes","25 minutes","45 minutes"],"answer":"25 minutes"},{"question":"Long break after four rounds","choices":["5 minutes","15 to 30 minutes","an hour"],"answer":"15 to 30 minutes"}]}',
   4, 10),
  ('productivity', 'prioritise-the-list', 'Prioritise the List',
   'Sort these tasks into do now, schedule, delegate and drop.',
   'sorting', 2,
   '{"buckets":["do now","schedule","delegate","drop"],"items":[{"text":"Client deadline today","answer":"do now"},{"text":"Plan next quarter","answer":"schedule"},{"text":"Book meeting room","answer":"delegate"},{"text":"Reorganise old folders","answer":"drop"}]}',
   5, 20),
  ('fitness-basics', 'muscle-match', 'Match the Muscle',
   'Which muscle group does each exercise mainly train?',
   'matching', 1,
   '{"pairs":[{"exercise":"Barbell Back Squat","answer":"legs"},{"exercise":"Bench Press","answer":"chest"},{"exercise":"Pull-up","answer":"back"},{"exercise":"Plank","answer":"core"}]}',
   5, 10),
  ('fitness-basics', 'rep-ranges', 'Rep Ranges and Goals',
   'Pick the rep range that best fits each training goal.',
   'multiple_choice', 2,
   '{"questions":[{"goal":"maximal strength","choices":["1-5","8-12","15-25"],"answer":"1-5"},{"goal":"muscle growth","choices":["1-5","8-12","15-25"],"answer":"8-12"},{"goal":"muscular endurance","choices":["1-5","8-12","15-25"],"answer":"15-25"}]}',
   5, 20)
) AS v("topic_key", "key", "title", "prompt", "drill_type", "difficulty", "config", "xp_reward", "sort_order")
JOIN "learn_topics" t ON t."key" = v."topic_key";

-- ---------------------------------------------------------------------------
-- Onboarding: the welcome flow
-- ---------------------------------------------------------------------------
INSERT INTO "onboarding_flows" ("key", "title", "description", "is_active", "version") VALUES
  ('welcome', 'Welcome to Today', 'A two-minute tour that sets up your day: focus areas, first habits and your rhythm.', true, 1);

INSERT INTO "onboarding_steps" ("flow_id", "key", "title", "body", "step_type", "options", "is_required", "sort_order")
SELECT f."id", v."key", v."title", v."body", v."step_type"::"onboarding_step_type", v."options"::jsonb, v."is_required", v."sort_order"
FROM (VALUES
  ('intro', 'Your whole day on one page',
   'Today brings your habits, plan, focus timer, quests and inbox together. A few questions help us set it up for you.',
   'INFO', '[]', false, 10),
  ('focus-areas', 'What do you want to work on?',
   'Pick everything that applies; you can change it later in settings.',
   'MULTI_CHOICE',
   '[{"value":"habits","label":"Build better habits"},{"value":"focus","label":"Focus for longer"},{"value":"fitness","label":"Get fitter"},{"value":"reading","label":"Read more"},{"value":"music","label":"Learn music production"},{"value":"planning","label":"Plan my days"}]',
   true, 20),
  ('chronotype', 'When do you do your best work?',
   'We use this to suggest when to schedule focus sessions.',
   'SINGLE_CHOICE',
   '[{"value":"early","label":"Early morning"},{"value":"late-morning","label":"Late morning"},{"value":"afternoon","label":"Afternoon"},{"value":"evening","label":"Evening or night"}]',
   true, 30),
  ('focus-length', 'How long should a focus session be?',
   'Twenty-five minutes is the classic pomodoro; longer blocks suit deep work.',
   'SINGLE_CHOICE',
   '[{"value":"25","label":"25 minutes"},{"value":"45","label":"45 minutes"},{"value":"60","label":"60 minutes"},{"value":"90","label":"90 minutes"}]',
   false, 40),
  ('first-habit', 'Name one habit to start with',
   'Keep it small enough to do on a bad day, for example "read 10 pages" or "stretch for 5 minutes".',
   'TEXT', '[]', false, 50),
  ('done', 'You are all set',
   'Your first daily plan is ready. Complete a habit or a focus session to earn your first XP and coins.',
   'INFO', '[]', false, 60)
) AS v("key", "title", "body", "step_type", "options", "is_required", "sort_order")
JOIN "onboarding_flows" f ON f."key" = 'welcome';

-- ---------------------------------------------------------------------------
-- Listening prompts (reference tracks)
-- ---------------------------------------------------------------------------
INSERT INTO "listening_prompt_templates" ("key", "title", "prompt", "category", "sort_order") VALUES
  ('low-end-balance', 'Low-end Balance',
   'Listen to the first {bars} bars. Is the {element} or the bass carrying the low end? Note where they overlap and how the mix keeps them apart.',
   'mixing', 10),
  ('arrangement-map', 'Arrangement Map',
   'Mark every section change between {start} and {end}. For each one, write down what entered or left the arrangement.',
   'arrangement', 20),
  ('stereo-image', 'Stereo Image',
   'Listen in {mode}. Which elements sit in the centre, which are panned, and which are wide? Does the image change at the {section}?',
   'mixing', 30),
  ('tension-release', 'Tension and Release',
   'Find the moment of highest tension before the {section}. What creates it (filter, riser, drum fill, silence), and how long does it last?',
   'arrangement', 40),
  ('sound-design', 'Sound Design Focus',
   'Solo your attention on the {element}. Describe its attack, its tone and how it moves over {bars} bars.',
   'sound-design', 50);

INSERT INTO "listening_prompt_presets" ("template_id", "key", "name", "params", "sort_order")
SELECT t."id", v."key", v."name", v."params"::jsonb, v."sort_order"
FROM (VALUES
  ('low-end-balance', 'low-end-kick-16', 'Kick vs bass, first 16 bars', '{"bars":16,"element":"kick drum"}', 10),
  ('low-end-balance', 'low-end-808-8', '808 vs bass, first 8 bars', '{"bars":8,"element":"808"}', 20),
  ('arrangement-map', 'arrangement-full', 'Whole track', '{"start":"0:00","end":"the last beat"}', 10),
  ('arrangement-map', 'arrangement-first-minute', 'First minute only', '{"start":"0:00","end":"1:00"}', 20),
  ('stereo-image', 'stereo-mono-drop', 'Mono check at the drop', '{"mode":"mono","section":"drop"}', 10),
  ('stereo-image', 'stereo-headphones-chorus', 'Headphones, chorus', '{"mode":"headphones","section":"chorus"}', 20),
  ('tension-release', 'tension-drop', 'Build-up to the drop', '{"section":"drop"}', 10),
  ('sound-design', 'sound-design-lead', 'Lead synth, 8 bars', '{"element":"lead synth","bars":8}', 10),
  ('sound-design', 'sound-design-pad', 'Pad, 16 bars', '{"element":"pad","bars":16}', 20)
) AS v("template_key", "key", "name", "params", "sort_order")
JOIN "listening_prompt_templates" t ON t."key" = v."template_key";

-- ---------------------------------------------------------------------------
-- Global exercise catalogue (user_id NULL)
-- ---------------------------------------------------------------------------
INSERT INTO "exercises" ("user_id", "name", "category", "muscle_group", "equipment", "description") VALUES
  (NULL, 'Barbell Back Squat', 'STRENGTH', 'legs', 'barbell', 'Bar on the upper back, sit down between the hips until the thighs are at least parallel, drive back up.'),
  (NULL, 'Romanian Deadlift', 'STRENGTH', 'hamstrings', 'barbell', 'Hinge at the hips with soft knees, lower the bar along the legs until the hamstrings stretch, stand tall.'),
  (NULL, 'Conventional Deadlift', 'STRENGTH', 'back', 'barbell', 'Pull the bar from the floor to standing with a neutral spine, bar close to the shins.'),
  (NULL, 'Bench Press', 'STRENGTH', 'chest', 'barbell', 'Lower the bar to the mid chest with shoulder blades pinned back, press to lockout.'),
  (NULL, 'Overhead Press', 'STRENGTH', 'shoulders', 'barbell', 'Press the bar from the collarbones to overhead, squeezing glutes to keep the ribs down.'),
  (NULL, 'Dumbbell Row', 'STRENGTH', 'back', 'dumbbell', 'One hand on a bench, row the dumbbell to the hip and lower under control.'),
  (NULL, 'Goblet Squat', 'STRENGTH', 'legs', 'kettlebell', 'Hold a kettlebell at the chest and squat deep with an upright torso.'),
  (NULL, 'Kettlebell Swing', 'STRENGTH', 'glutes', 'kettlebell', 'Explosive hip hinge that swings the bell to chest height; the arms only guide it.'),
  (NULL, 'Push-up', 'BODYWEIGHT', 'chest', 'none', 'Hands under the shoulders, body in one line, lower the chest to a fist above the floor.'),
  (NULL, 'Pull-up', 'BODYWEIGHT', 'back', 'pull-up bar', 'From a dead hang, pull until the chin clears the bar; lower all the way.'),
  (NULL, 'Walking Lunge', 'BODYWEIGHT', 'legs', 'none', 'Step forward and lower the back knee toward the floor, then step through into the next lunge.'),
  (NULL, 'Plank', 'BODYWEIGHT', 'core', 'none', 'Forearms on the floor, body straight from head to heels, hold without letting the hips sag.'),
  (NULL, 'Glute Bridge', 'BODYWEIGHT', 'glutes', 'none', 'Lying on the back with feet flat, drive the hips up until knees, hips and shoulders line up.'),
  (NULL, 'Dips', 'BODYWEIGHT', 'triceps', 'parallel bars', 'Lower until the upper arms are parallel to the floor, press back to straight arms.'),
  (NULL, 'Running', 'CARDIO', 'full body', 'none', 'Easy to moderate pace; you should be able to hold a conversation on most runs.'),
  (NULL, 'Rowing Machine', 'CARDIO', 'full body', 'rower', 'Legs, then body, then arms on the drive; reverse the order on the recovery.'),
  (NULL, 'Cycling', 'CARDIO', 'legs', 'bike', 'Steady cadence of 80 to 95 rpm for endurance rides, indoors or out.'),
  (NULL, 'Jump Rope', 'CARDIO', 'calves', 'jump rope', 'Small quick hops on the balls of the feet, wrists turning the rope.'),
  (NULL, 'Hip Flexor Stretch', 'MOBILITY', 'hips', 'none', 'Half-kneeling, tuck the pelvis and shift forward until the front of the back hip stretches.'),
  (NULL, 'Thoracic Spine Rotation', 'MOBILITY', 'upper back', 'none', 'On all fours, hand behind the head, rotate the elbow toward the ceiling and back.'),
  (NULL, 'World''s Greatest Stretch', 'MOBILITY', 'full body', 'none', 'Lunge, elbow to instep, then rotate and reach the same arm to the ceiling.'),
  (NULL, 'Cat-Cow', 'MOBILITY', 'spine', 'none', 'On all fours, alternate rounding and arching the back with slow breaths.');
