import "./achievement-definition.ts";
