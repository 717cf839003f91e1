export default {
  login: {
    title: "登录",
    lead: "信息员、立法联络员和工作人员请登录。公众查阅无需登录。",
    username: "用户名",
    password: "密码",
    submit: "登录",
    wait: "登录失败次数过多。为保护账号安全，请在 {{minutes}} 分钟后再试。",
    failed: "用户名或密码不正确。",
    inactive: "用户名或密码不正确。",
  },
} as const;
