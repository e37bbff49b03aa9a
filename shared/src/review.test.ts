import { describe, expect, it } from "vitest";
import {
  decodeReviewMessage,
  encodeReviewMessage,
  REVIEW_STATELESS_TYPE,
  type ReviewEvent,
  reviewEventsChannel,
  threadAnchorSchema,
} from "./review.ts";

const message = {
  id: "m1",
  threadId: "t1",
  author: { id: "u1", displayName: "Ada" },
  body: "hello",
  mentions: [],
  createdAt: "2026-01-01T00:00:00.000Z",
  editedAt: null,
  deletedAt: null,
};

describe("review wire events", () => {
  it("round-trips an event through the stateless envelope", () => {
    const event: ReviewEvent = { type: "message-created", pageId: "p1", message };
    const payload = encodeReviewMessage(event);
    expect(JSON.parse(payload)).toMatchObject({ type: REVIEW_STATELESS_TYPE });
    expect(decodeReviewMessage(payload)).toEqual(event);
  });

  it("ignores other stateless messages and malformed events", () => {
    expect(decodeReviewMessage("not json")).toBeNull();
    expect(decodeReviewMessage(JSON.stringify({ type: "something-else", event: {} }))).toBeNull();
    expect(
      decodeReviewMessage(
        JSON.stringify({ type: REVIEW_STATELESS_TYPE, event: { type: "thread-exploded" } }),
      ),
    ).toBeNull();
    expect(decodeReviewMessage("null")).toBeNull();
  });

  it("pins to a shape with offsets inside it, or to any page point", () => {
    expect(
      threadAnchorSchema.safeParse({ kind: "shape", shapeId: "shape:a", offset: { x: 0, y: 1 } }).success,
    ).toBe(true);
    expect(
      threadAnchorSchema.safeParse({ kind: "shape", shapeId: "shape:a", offset: { x: 1.2, y: 0 } }).success,
    ).toBe(false);
    expect(threadAnchorSchema.safeParse({ kind: "point", x: -500, y: 9e5 }).success).toBe(true);
    expect(threadAnchorSchema.safeParse({ kind: "point", x: Number.NaN, y: 0 }).success).toBe(false);
  });

  it("names one channel per deployment prefix", () => {
    expect(reviewEventsChannel("cs")).toBe("cs:review-events");
  });
});
