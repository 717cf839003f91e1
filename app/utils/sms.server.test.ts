import { describe, expect, it } from "vitest";
import { e164, tc3Authorization } from "./sms.server";

describe("Tencent Cloud API 3.0 signing (TC3-HMAC-SHA256)", () => {
  it("gives the documentation's example signature", () => {
    // The worked example of the API's signing documentation (CVM DescribeInstances).
    const authorization = tc3Authorization({
      secretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******",
      secretKey: "Gu5t9xGARNpq86cd98joQYCN3*******",
      host: "cvm.tencentcloudapi.com",
      service: "cvm",
      payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
      timestamp: 1551113065,
    });
    expect(authorization).toBe(
      "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c",
    );
  });

  it("writes mainland numbers in E.164", () => {
    expect(e164("13812345678")).toBe("+8613812345678");
    expect(e164("138-1234-5678")).toBe("+8613812345678");
    expect(e164("008613812345678")).toBe("+8613812345678");
    expect(e164("+85291234567")).toBe("+85291234567");
  });
});
