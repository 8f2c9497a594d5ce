export * from "h3";
