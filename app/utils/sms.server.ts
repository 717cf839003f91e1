import { createHash, createHmac, randomUUID } from "node:crypto";
import { nowMs } from "./clock.server";
import { getEnv, type Env } from "./env.server";
import { logger } from "./logger.server";

// Text messages to residents. A provider sends one message to one phone and says
// whether it went, or why not and whether trying again may help. Two providers:
// `log` (the default) writes the message to the log, without the phone, and calls
// it sent; `tencent` sends it through Tencent Cloud SMS (短信 SendSms, API 3.0),
// signing each request with TC3-HMAC-SHA256 as its documentation describes.

export type SmsMessage = {
  phone: string;
  /** The whole text, as the resident reads it. */
  text: string;
  /** The values of the provider's approved template, in order (mainland SMS are sent from templates). */
  params: string[];
  kind: "enacted" | "outcome";
  /** For the log: the receipt code, never the phone. */
  reference: string;
};

export class SmsError extends Error {
  constructor(
    message: string,
    /** True when trying again cannot help (a wrong number, a number that refuses messages). */
    readonly permanent = false,
  ) {
    super(message);
  }
}

export type SmsProvider = { name: string; send(message: SmsMessage): Promise<{ providerId: string | null }> };

export const logProvider: SmsProvider = {
  name: "log",
  async send(message) {
    logger.info({ sms: { kind: message.kind, receipt: message.reference, text: message.text } }, "text message (log provider, not sent)");
    return { providerId: `log-${randomUUID()}` };
  },
};

// ---- Tencent Cloud SMS

export type TencentConfig = {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templates: { enacted: string; outcome: string };
  region: string;
  endpoint: string;
};

const SERVICE = "sms";
const VERSION = "2021-01-11";
const ACTION = "SendSms";
const CONTENT_TYPE = "application/json; charset=utf-8";

const sha256 = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

/**
 * The Authorization header of a Tencent Cloud API 3.0 request (TC3-HMAC-SHA256): the
 * canonical request (method, path, query, the signed headers content-type and host,
 * the payload's hash) is hashed into the string to sign, which is signed with a key
 * derived from the secret, the UTC date and the service.
 */
export function tc3Authorization({ secretId, secretKey, host, service, payload, timestamp }: {
  secretId: string; secretKey: string; host: string; service: string; payload: string; timestamp: number;
}): string {
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const signedHeaders = "content-type;host";
  const canonicalRequest = ["POST", "/", "", `content-type:${CONTENT_TYPE}\nhost:${host}\n`, signedHeaders, sha256(payload)].join("\n");
  const scope = `${date}/${service}/tc3_request`;
  const stringToSign = ["TC3-HMAC-SHA256", String(timestamp), scope, sha256(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(`TC3${secretKey}`, date), service), "tc3_request");
  const signature = createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex");
  return `TC3-HMAC-SHA256 Credential=${secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

/** A mainland mobile number in E.164 (+86…), as the API wants it. */
export function e164(phone: string): string {
  const digits = phone.replace(/[\s-]/g, "");
  if (digits.startsWith("+")) return digits;
  if (digits.startsWith("0086")) return `+${digits.slice(2)}`;
  return `+86${digits}`;
}

// The error codes after which trying again cannot help (the number itself is refused).
const PERMANENT = /IncorrectPhoneNumber|PhoneNumberInBlacklist|PhoneNumberParseFail|InvalidParameterValue\.ProhibitedUseUrlInTemplateParameter|UnsupportedOperation\.ContainDomesticAndInternationalPhoneNumber/;

export function tencentProvider(config: TencentConfig, { fetchImpl = fetch, clock = nowMs, timeoutMs = 10_000 } = {}): SmsProvider {
  const url = new URL(config.endpoint);
  return {
    name: "tencent",
    async send(message) {
      const payload = JSON.stringify({
        PhoneNumberSet: [e164(message.phone)],
        SmsSdkAppId: config.sdkAppId,
        SignName: config.signName,
        TemplateId: config.templates[message.kind],
        TemplateParamSet: message.params,
        SessionContext: message.reference,
      });
      const timestamp = Math.floor(clock() / 1000);
      let response: Response;
      try {
        response = await fetchImpl(url, {
          method: "POST",
          headers: {
            Authorization: tc3Authorization({ secretId: config.secretId, secretKey: config.secretKey, host: url.host, service: SERVICE, payload, timestamp }),
            "Content-Type": CONTENT_TYPE,
            Host: url.host,
            "X-TC-Action": ACTION,
            "X-TC-Timestamp": String(timestamp),
            "X-TC-Version": VERSION,
            "X-TC-Region": config.region,
          },
          body: payload,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new SmsError(`request failed: ${(error as Error).message}`);
      }
      const text = await response.text().catch(() => "");
      if (!response.ok) throw new SmsError(`HTTP ${response.status}`);
      let body: { Response?: { Error?: { Code?: string; Message?: string }; SendStatusSet?: { Code?: string; Message?: string; SerialNo?: string }[] } };
      try {
        body = JSON.parse(text);
      } catch {
        throw new SmsError("the answer was not JSON");
      }
      const error = body.Response?.Error;
      if (error) throw new SmsError(`${error.Code ?? "Error"}: ${error.Message ?? ""}`.trim(), PERMANENT.test(error.Code ?? ""));
      const status = body.Response?.SendStatusSet?.[0];
      if (!status) throw new SmsError("no send status in the answer");
      if (status.Code !== "Ok") throw new SmsError(`${status.Code ?? "Error"}: ${status.Message ?? ""}`.trim(), PERMANENT.test(status.Code ?? ""));
      return { providerId: status.SerialNo ?? null };
    },
  };
}

/** The provider the environment chooses. */
export function smsProvider(env: Env = getEnv()): SmsProvider {
  if (env.SMS_PROVIDER !== "tencent") return logProvider;
  return tencentProvider({
    secretId: env.TENCENT_SMS_SECRET_ID!,
    secretKey: env.TENCENT_SMS_SECRET_KEY!,
    sdkAppId: env.TENCENT_SMS_SDK_APP_ID!,
    signName: env.TENCENT_SMS_SIGN_NAME!,
    templates: { enacted: env.TENCENT_SMS_TEMPLATE_ENACTED!, outcome: env.TENCENT_SMS_TEMPLATE_OUTCOME! },
    region: env.TENCENT_SMS_REGION,
    endpoint: env.TENCENT_SMS_ENDPOINT,
  });
}
