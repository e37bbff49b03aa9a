import { ConfigError } from "@comic-studio/shared";
import { z } from "zod";
import { LocalDiskStorage } from "./local.ts";
import { S3Storage } from "./s3.ts";
import type { ObjectStorage } from "./storage.ts";

/** Storage settings shared by every service that reads or writes files (api, worker). */
export const storageEnvSchema = z.object({
  STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
  STORAGE_DIR: z.string().default(".data/storage"),
  S3_BUCKET: z.string().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_ENDPOINT: z.url().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .optional(),
});
export type StorageEnv = z.infer<typeof storageEnvSchema>;

/** The storage STORAGE_DRIVER names; `service` labels a configuration error. */
export function createStorage(env: StorageEnv, service: string): ObjectStorage {
  switch (env.STORAGE_DRIVER) {
    case "local":
      return new LocalDiskStorage(env.STORAGE_DIR);
    case "s3":
      if (!env.S3_BUCKET) {
        throw new ConfigError(service, [
          { variable: "S3_BUCKET", problem: "required when STORAGE_DRIVER=s3" },
        ]);
      }
      return new S3Storage({
        bucket: env.S3_BUCKET,
        region: env.S3_REGION,
        endpoint: env.S3_ENDPOINT,
        accessKeyId: env.S3_ACCESS_KEY_ID,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY,
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
      });
  }
}
