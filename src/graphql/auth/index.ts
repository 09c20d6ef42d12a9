// The auth domain: its types beside their queries and mutations.
import "./user.ts";
import "./roles.ts";
import "./audit-log.ts";
import "./sign-in.ts";
import "./account-deletion.ts";
import "./profile.ts";
