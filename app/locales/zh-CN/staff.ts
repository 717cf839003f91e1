export default {
  home: {
    title: "人大工作台",
    drafts: "草案管理",
    draftsLead: "导入草案、发布征求意见、管理审读稿。",
    workbench: "意见审核与汇总",
    workbenchLead: "按草案筛选、合并意见，编写报送材料，记录采纳情况。",
    awaiting: "待审核的意见",
    byDraft: "各草案意见情况",
    draft: "草案",
    status: "状态",
    collected: "已收集",
    underReview: "审核中",
    forwarded: "已上报",
  },
} as const;
