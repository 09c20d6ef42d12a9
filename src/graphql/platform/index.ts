// The platform domain: its types beside their queries and mutations.
import "./settings.ts";
import "./feedback.ts";
import "./ideas.ts";
import "./infobase.ts";
import "./references.ts";
import "./inbox.ts";
import "./onboarding.ts";
import "./onboarding-admin.ts";
