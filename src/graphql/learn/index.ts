import "./catalogue.ts";
import "./progress.ts";
import "./catalogue-admin.ts";
