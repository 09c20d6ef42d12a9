import "./catalogue.ts";
