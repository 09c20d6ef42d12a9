// The account deletion rule lives in src/domain/account-deletion.ts; kept here for existing importers.
export { ACCOUNT_DELETION_TABLES, deleteUserData } from "../domain/account-deletion.ts";
