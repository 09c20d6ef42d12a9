import "./book.ts";
