import "./market-item.ts";
import "./purchase.ts";
import "./item-admin.ts";
