export * from "./fonts.ts";
export * from "./layout.ts";
export * from "./outline.ts";
export * from "./page-order.ts";
export * from "./reading-order.ts";
export * from "./tail.ts";
export * from "./text-fit.ts";
