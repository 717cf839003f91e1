import type { Translation } from "../types";
import type zh from "../zh-CN/staff";

export default {
  home: {
    title: "Congress desk",
    drafts: "Drafts",
    draftsLead: "Import drafts, open them for comment, manage readings.",
    workbench: "Screening and reports",
    workbenchLead: "Filter and merge opinions per draft, build the report, record outcomes.",
    awaiting: "Opinions awaiting review",
    byDraft: "Opinions by draft",
    draft: "Draft",
    status: "Status",
    collected: "Collected",
    underReview: "Under review",
    forwarded: "Forwarded",
  },
} satisfies Translation<typeof zh>;
