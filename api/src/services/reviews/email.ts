import type { Logger } from "@comic-studio/infra";

/** One email the app wants delivered. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * Where notification emails go. The default logs them (no mail server needed); a deployment
 * that wants real mail implements this (SMTP, a provider's API) and selects it in config.
 */
export interface EmailAdapter {
  readonly name: string;
  send(message: EmailMessage): Promise<void>;
}

/** The default: writes each email to the log at info level and delivers nothing. */
export class LogEmailAdapter implements EmailAdapter {
  readonly name = "log";
  constructor(private readonly logger: Logger) {}
  async send(message: EmailMessage): Promise<void> {
    this.logger.info(
      { email: { to: message.to, subject: message.subject } },
      "email (log adapter, not sent)",
    );
  }
}

/** Sends nothing and logs nothing (EMAIL_ADAPTER=off). */
export class NoEmailAdapter implements EmailAdapter {
  readonly name = "off";
  async send(): Promise<void> {}
}

export const EMAIL_ADAPTERS = ["log", "off"] as const;
export type EmailAdapterName = (typeof EMAIL_ADAPTERS)[number];

/** The adapter EMAIL_ADAPTER names. */
export function createEmailAdapter(name: EmailAdapterName, logger: Logger): EmailAdapter {
  switch (name) {
    case "log":
      return new LogEmailAdapter(logger);
    case "off":
      return new NoEmailAdapter();
    default: {
      const never: never = name;
      throw new Error(`Unknown email adapter ${String(never)}`);
    }
  }
}
