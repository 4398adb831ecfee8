# 简体中文. Reference: ../en/main.ftl (every key there must exist here).
# 语气：标准界面用语，称“你”。产品名（Logto、Logto Cloud、Hugging Face）不翻译。
# 中文没有复数形式，所以这里的消息不用选择器。

## 页面布局

layout-brand = Logto 登录
layout-brand-note = Rust 参考应用
layout-footer = 令牌保存在服务器上；你的浏览器只保存一个会话 Cookie。
layout-language = 语言
layout-language-apply = 应用

## 首页（未登录）

home-page-title = 登录
home-signed-out-notice = 你已退出登录。
home-welcome = 欢迎
home-intro = 使用 Logto 登录或创建账号。
home-ways-in-label = 登录方式
home-continue-email = 使用邮箱继续
home-continue-phone = 使用手机号继续
home-continue-huggingface = 使用 Hugging Face 继续
home-continue-as = 以此身份继续
home-email-or-phone = 邮箱或手机号
home-new-here = 新用户？
home-create-account = 创建账号
home-create-account-email = 使用邮箱创建账号
home-create-account-phone = 使用手机号创建账号
home-more-ways = 更多登录方式
home-one-time-code-hint = 使用邮箱或手机号登录时，Logto 会向你发送一次性验证码。

## 首页（已登录）

signed-in-page-title = 我的账号
signed-in-email = 邮箱
signed-in-phone = 手机号
signed-in-verified = 已验证
signed-in-not-verified = 未验证
signed-in-none = 无
signed-in-linked-accounts = 关联账号
signed-in-roles = 角色
signed-in-organizations = 组织
signed-in-organization-roles = 组织角色
signed-in-custom-data = 自定义数据
signed-in-member-since = 注册时间
signed-in-profile-updated = 资料更新时间
signed-in-refresh-profile = 刷新资料
signed-in-session = 会话
signed-in-signed-in-at = 登录时间
signed-in-access-token = 访问令牌
signed-in-refresh-token = 刷新令牌
signed-in-refresh-token-held = 保存在服务器上
signed-in-refresh-token-none = 无（访问令牌过期后请重新登录）
signed-in-scopes = 权限范围
signed-in-no-scopes = 无
signed-in-refresh-tokens = 立即刷新令牌
signed-in-reauthenticate = 重新登录以确认
signed-in-api-resources = API 资源
signed-in-get-token = 获取令牌
signed-in-get-organization-token = 获取组织令牌
signed-in-audience = 受众
signed-in-expires = 过期时间
signed-in-logto-answered = Logto 的响应：
signed-in-sign-out = 退出登录

## 访问令牌的过期时间

expiry-in-minutes = { $minutes } 分钟后过期（{ $at }）
expiry-in-seconds = { $seconds } 秒后过期（{ $at }）
expiry-expired-at = 已于 { $at } 过期
expiry-none = 未提供过期时间

## 退出登录

sign-out-page-title = 退出登录
sign-out-title = 要退出登录吗？
sign-out-signed-in-as = 你当前以 { $name } 的身份登录。
sign-out-ends-logto-session = 退出登录也会结束你在此浏览器中的 Logto 会话。
sign-out-confirm = 退出登录
sign-out-stay = 保持登录

## 设置（引号中的名称是 Logto 控制台中文界面上的标签）

setup-page-title = 设置
setup-title = 将此应用连接到 Logto
setup-intro = 此应用还没有 Logto 设置。只需五分钟：
setup-step-create-app = 在 Logto 控制台（Logto Cloud 或你自己部署的 Logto）中，打开“全部应用”，然后创建一个“传统网页应用”。
setup-step-redirect-uri = 在“重定向 URIs”中添加：
setup-step-post-sign-out-uri = 在“退出登录后重定向 URIs”中添加：
setup-step-backchannel-uri = 在“Backchannel logout”中，将 URI 设为下面的地址，并开启“Is session required”，这样在别处退出登录时，这里恰好结束同一个会话：
setup-step-env-file = 将端点、应用 ID 和应用密钥复制到 { $manifest } 旁边的 { $file } 文件中：
setup-step-restart = 重启应用（{ $command }），然后刷新此页面。
setup-base-url-hint = 以上 URI 来自 { $variable }（当前为 { $url }）。请将它设置为用户在浏览器中输入的地址。

## 错误页

error-sign-in-again = 重新登录
error-home = 首页

error-not-configured-title = 尚未设置登录
error-not-configured-message = 此应用还没有 Logto 设置。首页说明了需要设置哪些内容。
error-bad-query-title = 此链接无效
error-bad-query-message = 该地址包含此应用无法读取的参数。请从首页重新开始。
error-invalid-sign-in-title = 此登录链接无效
error-invalid-sign-in-message = 该登录链接请求了此应用不提供的内容。请从首页重新开始。
error-unknown-sign-in-title = 此次登录已过期或已被使用
error-unknown-sign-in-message = 登录链接只能使用一次，有效期为十分钟，且只能在发起登录的浏览器中使用。请重新登录。
error-malformed-callback-title = 登录响应不完整
error-malformed-callback-message = Logto 的响应中缺少此应用所需的内容。请重新登录。
error-sign-in-cancelled-title = 登录已取消
error-sign-in-cancelled-message = 你在登录完成前离开了，因此仍处于未登录状态。你可以随时重试。
error-sign-in-denied-title = Logto 无法让你登录
error-sign-in-denied-message = 登录未完成。请重试；如果问题持续出现，请联系网站团队。
error-csrf-mismatch-title = 未确认退出登录
error-csrf-mismatch-message = 退出登录表单已过期，或并非来自本站。请再次点击退出登录按钮。
error-session-ended-title = 请重新登录
error-session-ended-message = 你的会话已结束：Logto 不再接受该会话（可能已过期或已被撤销）。请重新登录以继续。
error-invalid-grant-title = 此次登录已过期
error-invalid-grant-message = Logto 不再接受此次登录（它已被使用，或耗时过长）。请重新登录。
error-token-rejected-title = 无法验证你的登录
error-token-rejected-message = 登录服务的响应未通过我们的安全检查，因此你没有登录成功。请重新登录。
error-logto-timeout-title = Logto 响应超时
error-logto-timeout-message = 登录服务未能及时响应。请稍后重试。
error-client-rejected-title = 登录配置有误
error-client-rejected-message = Logto 未接受此应用的凭据。网站团队需要检查相关设置。
error-logto-unreachable-title = 无法连接 Logto
error-logto-unreachable-message = 登录服务目前无法正常响应。请稍后重试。
error-session-store-title = 会话服务不可用
error-session-store-message = 此应用目前无法访问其会话存储。请稍后重试。
error-not-found-title = 页面不存在
error-not-found-message = 此地址没有页面。首页包含此应用提供的全部功能。
error-unknown-api-target-title = 此 API 在这里不可用
error-unknown-api-target-message = 只能为此应用已配置的 API 和你自己所属的组织获取令牌。
error-internal-title = 出错了
error-internal-message = 这是我们的问题。请重试。
