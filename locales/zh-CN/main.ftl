# 简体中文. Reference: ../en/main.ftl (every key there must exist here).
# 语气：标准界面用语，称“你”。产品名（Logto、Logto Cloud、Hugging Face）不翻译。
# 中文没有复数形式，所以这里的消息不用选择器。

## 页面布局

layout-brand = Logto 登录
layout-brand-note = Rust 参考应用
layout-description = 使用 Logto 登录：邮箱或短信一次性验证码、Hugging Face 或密码，Logto 的 Rust 参考应用。
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
home-one-time-code-hint = 使用邮箱或手机号登录时，Logto 会向你发送一次性验证码。“更多登录方式”会打开 Logto 自己的页面；如果你的 Logto 提供用户名和密码，也可在那里使用。
home-host-mismatch = 你在 { $opened } 打开了此应用，但它配置的地址是 { $configured }（APP_BASE_URL）。对 Logto 而言这是不同的源：登录会带你前往 { $configured }，并且 Logto 必须把 { $callback } 列为重定向 URI。

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
setup-step-env-file = 将端点、应用 ID 和应用密钥复制到 { $manifest } 旁边的 { $file } 文件中。自托管 Logto 的端点就是它自己的地址，例如 http://localhost:3001，不带 /oidc：
setup-step-restart = 重启应用（{ $command }），然后刷新此页面。
setup-step-sign-in = 登录。新的 Logto 提供用户名和密码：选择“更多登录方式”。在 Logto 控制台中开启后，即可使用邮箱和短信一次性验证码以及 Hugging Face 登录。
setup-base-url-hint = 以上 URI 来自 { $variable }（当前为 { $url }）。请将它设置为用户在浏览器中输入的地址。对 Logto 而言，localhost 和 127.0.0.1 是不同的源：请正好用这个地址打开应用，并用同一主机注册这些 URI。
setup-account-center-hint = 要让用户在此应用中更改邮箱、手机号、用户名或密码：在 Logto 控制台的“登录与账户 → 账户中心”中开启它，并把这些字段设为“编辑”。登录后的页面会为每一项链接到 Logto 的账户中心。
setup-devices-hint = 要启用“你的设备”（用户查看并结束其登录会话）：在 Account center 中将 Sessions 设为“Edit”（仅列出则设为“Read-only”），并将 urn:logto:scope:sessions 添加到 LOGTO_SCOPES。Logto 会在列出之前要求用户输入密码。

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
error-session-changed-title = 您的会话已在此期间发生变化
error-session-changed-message = 在处理此请求期间，您的会话已在别处被更改或退出：另一个标签页、另一台设备，或 Logto 让您退出了登录。未保存任何内容。请返回首页查看当前状态，或重新登录。
error-not-found-title = 页面不存在
error-not-found-message = 此地址没有页面。首页包含此应用提供的全部功能。
error-unknown-api-target-title = 此 API 在这里不可用
error-unknown-api-target-message = 只能为此应用已配置的 API 和你自己所属的组织获取令牌。
error-internal-title = 出错了
error-internal-message = 这是我们的问题。请重试。

## 流程检查器（/inspect）

inspect-page-title = 流程检查器
inspect-title = 查看协议
inspect-intro = 您最近一次的登录、令牌刷新、API 令牌请求和退出登录，画在您的浏览器、本应用和 Logto 之间，并列出每个参数以及本应用所做的每项检查。
inspect-secrets = 任何令牌、授权码、验证器或密钥都不会显示，也不会以可读形式保存：这些值只显示开头几个字符和长度。
inspect-kept = 这些记录随您的会话保存，并随会话结束而删除；失败的登录或退出登录会在一个只发送给本页面的加密 Cookie 中保存十分钟。
inspect-empty = 尚无记录：请先登录，然后回到本页面。
inspect-link = 查看协议：逐步解释您的登录过程
inspect-link-failed = 查看哪项检查失败以及原因
inspect-actor-browser = 浏览器
inspect-actor-app = 本应用
inspect-flow-sign-in = 登录
inspect-flow-refresh = 令牌刷新
inspect-flow-api-token = API 令牌
inspect-flow-sign-out = 退出登录
inspect-status-ok = 已完成
inspect-status-failed = 失败
inspect-status-open = 未完成
inspect-started = 开始于 { $at }
inspect-why-expiring = 因为访问令牌只剩 { $seconds } 秒
inspect-why-requested = 因为您请求了新的令牌
inspect-why-api-token = 因为请求了某个 API 或组织的令牌
inspect-failed-at = 停止于：
inspect-sent = 发送
inspect-received = 收到
inspect-checks = 检查
inspect-checks-passed = 通过 { $passed }/{ $total } 项检查
inspect-took = { $ms } 毫秒
inspect-spec = 规范
inspect-code = 检查代码
inspect-outcome-passed = 通过
inspect-outcome-failed = 失败
inspect-outcome-not-reached = 未执行（之前的检查已失败）
inspect-outcome-not-applicable = 无需检查
inspect-yes = 是
inspect-no = 否
inspect-masked = { $prefix }…（{ $length } 个字符）
inspect-other-claims = 其他声明
inspect-arg-issuer = 预期的签发者
inspect-arg-keys-fetched-at = 密钥获取时间
inspect-arg-refetched = 为此令牌重新获取
inspect-arg-leeway = 容差（秒）
inspect-arg-previous-session = 替换了旧会话
inspect-arg-status = HTTP 状态
inspect-arg-rotated = 已轮换
inspect-keys-title = 正在使用的发现文档和密钥
inspect-keys-issuer = 签发者
inspect-keys-fetched-label = 获取时间
inspect-keys-fetched = { $at }，耗时 { $ms } 毫秒
inspect-keys-algorithms = ID 令牌算法
inspect-keys-keys = 签名密钥
inspect-keys-endpoints = 端点
inspect-keys-none = 尚未加载 Logto 的发现文档。

## 检查器：步骤

inspect-step-authorize-title = 授权请求
inspect-step-authorize-about = 本应用把您的浏览器发送到 Logto，附上它请求的内容，以及把 Logto 的答复绑定到此浏览器和此次登录的值。
inspect-step-callback-title = 回到回调地址
inspect-step-callback-about = Logto 带着一次性授权码把您的浏览器送回。本应用检查该答复属于此浏览器发起的登录，并且来自它自己的 Logto。
inspect-step-token-title = 交换授权码
inspect-step-token-about = 服务器之间直接通信：本应用用授权码换取令牌，并证明自己的身份（应用密钥）以及这次登录是它发起的（PKCE 验证器）。
inspect-step-id-token-title = 验证 ID 令牌
inspect-step-id-token-about = 在相信任何声明之前，本应用检查令牌由谁签名、发给谁、何时签发，以及它是否正是对这次登录的答复。
inspect-step-userinfo-title = 用户信息
inspect-step-userinfo-about = 本应用用访问令牌读取完整的用户资料，并且只接受与 ID 令牌相同用户的资料。
inspect-step-session-title = 新会话
inspect-step-session-about = 令牌留在服务器上，保存在一个使用新 ID 的会话中；浏览器只收到一个不透明的 Cookie。
inspect-step-refresh-title = 刷新令牌授权
inspect-step-refresh-about = 本应用用刷新令牌换取新的令牌，每个会话一次只发一个请求：已用过的刷新令牌一旦再次出现，Logto 会撤销整个授权。
inspect-step-revocation-title = 撤销
inspect-step-revocation-about = 本应用撤销刷新令牌：仅结束 Logto 的会话，授权及其刷新令牌仍然有效。
inspect-step-session-ended-title = 在此结束会话
inspect-step-session-ended-about = 会话记录被删除，并告诉浏览器忘掉它的 Cookie。
inspect-step-end-session-title = 在 Logto 结束会话
inspect-step-end-session-about = 您的浏览器前往 Logto 的结束会话端点，Logto 结束它自己的会话，再带着 state 把浏览器送回。
inspect-step-sign-out-return-title = 从 Logto 返回
inspect-step-sign-out-return-about = 在告诉您已退出登录之前，本应用先检查 Logto 送回的 state。

## 检查器：各项检查

inspect-check-state-name = state 对应此浏览器发起的登录
inspect-check-state-why = state 随回调返回，必须能打开此浏览器的某个加密登录尝试 Cookie。否则，攻击者可以让您的浏览器完成由他发起的登录（登录 CSRF）。
inspect-check-callback-iss-name = 回调中的 iss（RFC 9207）
inspect-check-callback-iss-why = Logto 会说明是哪个签发者作出的答复。签发者不同或缺失，说明授权码可能来自其他提供方（混淆攻击），因此绝不会交换它。
inspect-check-header-name = 令牌头
inspect-check-header-why = JOSE 头必须描述一个本应用能够验证的已签名令牌：不加密，没有未知的关键字段。
inspect-check-signature-name = 签名
inspect-check-signature-why = 令牌必须用 Logto 公布的密钥、以其发现文档允许的算法签名。遇到未知密钥时，本应用会重新获取 Logto 的密钥（密钥轮换）后再作判断。
inspect-check-issuer-name = iss
inspect-check-issuer-why = 令牌的签发者必须与发现文档中的 Logto 签发者完全一致：别处签发的令牌会被拒绝。
inspect-check-audience-name = aud
inspect-check-audience-why = 令牌必须是发给本应用的（其 client id）：Logto 为其他应用签发的令牌会被拒绝。
inspect-check-expiry-name = exp
inspect-check-expiry-why = 过期的令牌会被拒绝；一点容差可以容忍略有偏差的时钟。
inspect-check-issued-at-name = iat
inspect-check-issued-at-why = 签发时间在未来（超出容差）的令牌会被拒绝：要么时钟不一致，要么令牌是伪造的。
inspect-check-nonce-name = nonce
inspect-check-nonce-why = 授权请求中发送的 nonce 必须出现在 ID 令牌中，这样从其他登录截获的令牌就无法在这次登录中重放。
inspect-check-at-hash-name = at_hash
inspect-check-at-hash-why = 如果存在，它把访问令牌绑定到 ID 令牌：途中被调包的访问令牌会被发现。
inspect-check-claims-name = 可读的声明
inspect-check-claims-why = 令牌必须以正确的格式包含每个 ID 令牌都有的声明（sub、iss、aud、exp、iat）。
inspect-check-userinfo-sub-name = 用户信息的 sub
inspect-check-userinfo-sub-why = 用户信息中的资料必须属于与 ID 令牌相同的用户，否则不会使用。
inspect-check-same-subject-name = 刷新后仍是同一用户
inspect-check-same-subject-why = 刷新得到的 ID 令牌必须属于登录的那个用户，否则会话结束。
inspect-check-new-session-id-name = 新的会话 ID
inspect-check-new-session-id-why = 登录时会话 ID 会更换，因此事先植入浏览器的 ID（会话固定攻击）毫无用处。
inspect-check-sign-out-state-name = 退出登录后的 state
inspect-check-sign-out-state-why = Logto 送回的 state 必须是本应用发送的那个，否则不会告诉任何人已退出登录。

## 检查器：各参数的用途

inspect-param-response-type = code：授权码流程，令牌从不经过浏览器。
inspect-param-client-id = 由哪个应用发起：本应用在 Logto 中的 ID。
inspect-param-redirect-uri = Logto 把浏览器送回的地址；必须在 Logto 控制台中完全一致地注册。
inspect-param-scope = 本应用请求的内容：openid 用于 ID 令牌，offline_access 用于刷新令牌，profile、email 等用于声明。
inspect-param-state = 保存在加密 Cookie 中的随机值；它必须原样返回，从而把答复绑定到此浏览器。
inspect-param-nonce = Logto 写入 ID 令牌的随机值，从而把令牌绑定到这次登录。
inspect-param-code-challenge = PKCE：本应用保存的秘密验证器的哈希；之后只有本应用能证明自己知道验证器。
inspect-param-code-challenge-method = S256：challenge 是验证器的 SHA-256 哈希。
inspect-param-prompt = consent 让 Logto 签发刷新令牌；login 会再次要求输入凭据。
inspect-param-resource = 本应用想要获取访问令牌的 API（资源指示符，RFC 8707）。
inspect-param-ui-locales = Logto 页面使用的语言，您选择的语言排在第一位。
inspect-param-first-screen = Logto 自有参数：登录体验中首先打开哪个界面。
inspect-param-identifier = Logto 自有参数：该界面要求哪些标识（邮箱、手机号）。
inspect-param-direct-sign-in = Logto 自有参数：直接进入某个社交或 SSO 连接器。
inspect-param-login-hint = 用您输入的内容预填 Logto 的第一个界面。
inspect-param-organization-id = 使用该组织的登录体验，或请求该组织的令牌。
inspect-param-code = 一次性授权码；没有本应用的密钥和 PKCE 验证器就毫无用处。
inspect-param-iss = 作出答复的签发者（RFC 9207）。
inspect-param-error = Logto 不签发授权码的原因（例如用户取消了）。
inspect-param-grant-type = 哪种授权：交换授权码，或刷新令牌。
inspect-param-code-verifier = PKCE：其哈希曾作为 code_challenge 发送的秘密；Logto 会比对两者。
inspect-param-client-authentication = 本应用如何证明身份：用应用 ID 和密钥进行 HTTP Basic 认证（密钥从不显示）。
inspect-param-refresh-token = 用于换取新令牌的刷新令牌；Logto 会返回一个新的（轮换）。
inspect-param-token = 要撤销的令牌：刷新令牌，撤销后授权即告结束。
inspect-param-token-type-hint = 告诉 Logto 这是哪种令牌。
inspect-param-id-token-hint = ID 令牌，让 Logto 知道要结束谁的会话（已过期也可以）。
inspect-param-post-logout-redirect-uri = 之后 Logto 把浏览器送往的地址；必须在 Logto 控制台中注册。

## Manage your account: Logto's Account Center, and what changed when the user comes back
account-title = 管理你的账户
account-change-email = 更改邮箱
account-change-phone = 更改手机号
account-change-username = 更改用户名
account-change-password = 更改密码
account-two-step = 两步验证
account-passkeys = 通行密钥
account-nothing-changed = 你的账户没有变化。
account-changed-email = 你的邮箱已更改。
account-changed-phone = 你的手机号已更改。
account-changed-username = 你的用户名已更改。
account-changed-name = 你的名字已更改。
account-changed-picture = 你的头像已更改。
account-name-label = 你的名字
account-save = 保存
account-refused-title = Logto 没有做出更改
account-back = 返回你的账户

## Your profile and your devices, edited from this app through Logto's Account API
profile-title = 编辑个人资料
profile-saved = 你的个人资料已保存。
profile-nothing-editable = Logto 不允许你在此应用中更改任何个人资料。
profile-avatar = 头像（https 地址）
profile-avatar-hint = 以 https:// 开头的图片地址。此页面不会加载它。
profile-given-name = 名
profile-family-name = 姓
profile-middle-name = 中间名
profile-nickname = 昵称
profile-website = 网站
profile-birthdate = 出生日期
profile-invalid-title = 更改未发送
profile-avatar-not-https = 头像必须是 https:// 地址，例如 https://example.com/me.png。
profile-avatar-too-long = 头像地址太长（最多 2048 个字符）。
profile-value-too-long = 有一项内容太长（最多 256 个字符）。
devices-title = 你的设备
devices-intro = 在 Logto 登录了你的账户的浏览器和设备。结束其中一个会将其退出登录。
devices-ended = 该设备已退出登录。
devices-none = 没有已登录的设备。
devices-unknown-browser = 未知浏览器
devices-this-browser = 此浏览器
devices-ip = IP 地址
devices-place = 位置
devices-signed-in-at = 登录时间
devices-end = 让此设备退出登录
devices-scope-missing = 要列出你的设备，此应用需要在登录时向 Logto 请求以下权限范围（由运维人员添加到 LOGTO_SCOPES）；然后重新登录：
verify-title = 确认是你本人
verify-intro = Logto 在显示或结束你已登录的设备之前会要求确认是你本人：使用密码，或使用发送到你的邮箱或手机的一次性验证码。它只发送给 Logto；此应用不会保存它。
verify-password-label = 密码
verify-submit = 继续
verify-code-send-email = 发送验证码到 { $destination }
verify-code-send-phone = 发送短信验证码到 { $destination }
verify-code-sent = Logto 已向 { $destination } 发送验证码。请在此输入；10 分钟内有效。
verify-code-label = 验证码
verify-no-way = 你的账户没有可用于确认身份的密码、邮箱或手机。请先在账户中心添加一个，然后再回来。
