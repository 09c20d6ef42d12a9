import "./market-item.ts";
