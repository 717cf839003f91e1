export default {
  home: {
    title: "意见采集",
    record: "记录一条意见",
    openDrafts: "本联系点正在征求意见的草案",
    noOpenDrafts: "本联系点目前没有正在征求意见的草案。",
    daysLeft: "还剩 {{count}} 天",
    recent: "我最近记录的意见",
    recentContactPoint: "本联系点最近记录的意见",
    none: "还没有记录。",
    receipt: "回执码",
    draft: "草案",
    article: "条文",
    status: "状态",
    collectedOn: "收集日期",
    adopted: "被采纳了！感谢您和居民的参与。",
    returned: "联络员退回：{{comment}}",
  },
} as const;
