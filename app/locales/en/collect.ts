import type { Translation } from "../types";
import type zh from "../zh-CN/collect";

export default {
  home: {
    title: "Collect opinions",
    record: "Record an opinion",
    openDrafts: "Drafts open for comment at your contact point",
    noOpenDrafts: "No draft is open for comment at your contact point.",
    daysLeft: "{{count}} days left",
    recent: "My latest records",
    recentContactPoint: "Latest records at this contact point",
    none: "Nothing recorded yet.",
    receipt: "Receipt code",
    draft: "Draft",
    article: "Article",
    status: "Status",
    collectedOn: "Collected on",
    adopted: "Adopted! Thank you, and thanks to the resident.",
    returned: "Sent back by your liaison officer: {{comment}}",
  },
} satisfies Translation<typeof zh>;
