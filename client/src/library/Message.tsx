/** A status line in the app's style: errors are alerts, confirmations are polite. */
export interface LibMessage {
  kind: "error" | "ok";
  text: string;
}

export function Message({ message }: { message: LibMessage | null }) {
  if (!message) return null;
  return (
    <p
      className={message.kind === "error" ? "error" : "ok"}
      role={message.kind === "error" ? "alert" : "status"}
    >
      {message.text}
    </p>
  );
}
