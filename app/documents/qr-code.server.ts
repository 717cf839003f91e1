import QRCode from "qrcode";

/** A QR code for an address, as SVG markup (black on white, scalable), for printed sheets and slips. */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#000000", light: "#ffffff" } });
}
