# Português (Brasil). Reference: ../en/main.ftl (every key there must exist here).
# Tom: "você", direto e cordial. Nomes de produtos (Logto, Logto Cloud, Hugging Face) não se traduzem.

## Layout

layout-brand = Login com Logto
layout-brand-note = App de referência em Rust
layout-description = Entre com o Logto: código de uso único por e-mail ou SMS, Hugging Face ou senha, no app de referência do Logto em Rust.
layout-footer = Os tokens ficam no servidor; seu navegador guarda apenas um cookie de sessão.
layout-language = Idioma
layout-language-apply = Aplicar

## Início, sem login

home-page-title = Entrar
home-signed-out-notice = Você saiu da sua conta.
home-welcome = Boas-vindas
home-intro = Entre ou crie uma conta com o Logto.
home-ways-in-label = Formas de entrar
home-continue-email = Continuar com e-mail
home-continue-phone = Continuar com telefone
home-continue-huggingface = Continuar com Hugging Face
home-continue-as = Continuar como…
home-email-or-phone = E-mail ou número de telefone
home-new-here = Primeira vez aqui?
home-create-account = Criar conta
home-create-account-email = Criar conta com e-mail
home-create-account-phone = Criar conta com telefone
home-more-ways = Mais formas de entrar
home-one-time-code-hint = Para entrar com e-mail ou telefone, o Logto envia um código de uso único para você. “Mais formas de entrar” abre a página do próprio Logto, com usuário e senha se o seu Logto os oferecer.
home-host-mismatch = Você abriu este app em { $opened }, mas ele está configurado como { $configured } (APP_BASE_URL). Para o Logto são origens diferentes: ao entrar, você vai para { $configured }, e o Logto precisa listar { $callback } como URI de redirecionamento.

## Início, com login

signed-in-page-title = Sua conta
signed-in-email = E-mail
signed-in-phone = Telefone
signed-in-verified = verificado
signed-in-not-verified = não verificado
signed-in-none = nenhum
signed-in-linked-accounts = Contas vinculadas
signed-in-roles = Funções
signed-in-organizations = Organizações
signed-in-organization-roles = Funções na organização
signed-in-custom-data = Dados personalizados
signed-in-member-since = Membro desde
signed-in-profile-updated = Perfil atualizado em
signed-in-refresh-profile = Atualizar perfil
signed-in-session = Sessão
signed-in-signed-in-at = Entrou em
signed-in-access-token = Token de acesso
signed-in-refresh-token = Token de atualização
signed-in-refresh-token-held = guardado no servidor
signed-in-refresh-token-none = nenhum (entre novamente quando o token de acesso expirar)
signed-in-scopes = Escopos
signed-in-no-scopes = nenhum
signed-in-refresh-tokens = Atualizar tokens agora
signed-in-reauthenticate = Entre novamente para confirmar
signed-in-api-resources = Recursos de API
signed-in-get-token = Obter um token
signed-in-get-organization-token = Obter um token da organização
signed-in-audience = Audiência
signed-in-expires = Expira em
signed-in-logto-answered = Resposta do Logto:
signed-in-sign-out = Sair

## Expiração do token de acesso

expiry-in-minutes =
    { $minutes ->
        [one] expira em { $minutes } minuto ({ $at })
       *[other] expira em { $minutes } minutos ({ $at })
    }
expiry-in-seconds =
    { $seconds ->
        [one] expira em { $seconds } segundo ({ $at })
       *[other] expira em { $seconds } segundos ({ $at })
    }
expiry-expired-at = expirou em { $at }
expiry-none = sem prazo de expiração informado

## Sair

sign-out-page-title = Sair
sign-out-title = Sair da conta?
sign-out-signed-in-as = Você entrou como { $name }.
sign-out-ends-logto-session = Ao sair, sua sessão do Logto neste navegador também será encerrada.
sign-out-confirm = Sair
sign-out-stay = Continuar conectado

## Configuração (nomes entre aspas: rótulos do console do Logto em português)

setup-page-title = Configuração
setup-title = Conecte este app ao Logto
setup-intro = Este app ainda não tem as configurações do Logto. Leva cinco minutos:
setup-step-create-app = No console do Logto (Logto Cloud ou o seu próprio Logto), abra “Aplicativos” e crie um aplicativo “Web Tradicional”.
setup-step-redirect-uri = Em “URIs de redirecionamento”, adicione:
setup-step-post-sign-out-uri = Em “URIs de redirecionamento após saída”, adicione:
setup-step-backchannel-uri = Em “Backchannel logout”, defina a URI como o endereço abaixo e ative “Is session required”, para que uma saída em outro lugar encerre exatamente essa sessão aqui:
setup-step-env-file = Copie o endpoint, o ID do aplicativo e o segredo do aplicativo para um arquivo { $file } ao lado do { $manifest }. O endpoint de um Logto auto-hospedado é o próprio endereço dele, como http://localhost:3001, sem /oidc:
setup-step-restart = Reinicie o app ({ $command }) e recarregue esta página.
setup-step-sign-in = Entre. Um Logto novo oferece nome de usuário e senha: escolha “Mais formas de entrar”. Códigos de uso único por e-mail e SMS e o Hugging Face funcionam depois que você os ativa no console do Logto.
setup-base-url-hint = Os URIs acima vêm de { $variable } (atualmente { $url }). Defina essa variável com o endereço que os usuários digitam no navegador. Para o Logto, localhost e 127.0.0.1 são origens diferentes: abra o app exatamente nesse endereço e registre os URIs com o mesmo host.
setup-account-center-hint = Para que os usuários alterem e-mail, telefone, nome de usuário ou senha por este app: no console do Logto, Login e conta → Central da conta, ative-a e defina esses campos como “Editar”. A página de quem entrou passa a ter links para a central da conta do Logto para cada um.
setup-devices-hint = Para “Seus dispositivos” (os usuários veem e encerram suas sessões): no Account center, defina Sessions como “Edit” (ou “Read-only” para só listá-las) e adicione urn:logto:scope:sessions a LOGTO_SCOPES. O Logto pede a senha do usuário antes de listá-las.

## Página de erro

error-sign-in-again = Entrar novamente
error-home = Início

error-not-configured-title = O login ainda não foi configurado
error-not-configured-message = Este app ainda não tem as configurações do Logto. A página inicial explica o que configurar.
error-bad-query-title = Este link não é válido
error-bad-query-message = O endereço tem parâmetros que este app não consegue ler. Comece de novo pela página inicial.
error-invalid-sign-in-title = Este link de login não é válido
error-invalid-sign-in-message = O link de login pediu algo que este app não oferece. Comece de novo pela página inicial.
error-unknown-sign-in-title = Este login expirou ou já foi usado
error-unknown-sign-in-message = Os links de login funcionam uma única vez, por dez minutos, no navegador em que foram abertos. Entre novamente.
error-malformed-callback-title = A resposta de login veio incompleta
error-malformed-callback-message = A resposta do Logto não trouxe o que este app precisa. Entre novamente.
error-sign-in-cancelled-title = O login foi cancelado
error-sign-in-cancelled-message = Você saiu do login antes de concluí-lo, então continua sem entrar. Tente de novo quando quiser.
error-sign-in-denied-title = O Logto não conseguiu fazer seu login
error-sign-in-denied-message = O login não foi concluído. Tente novamente; se continuar acontecendo, fale com a equipe do site.
error-csrf-mismatch-title = A saída não foi confirmada
error-csrf-mismatch-message = O formulário de saída estava desatualizado ou não veio deste site. Use o botão de sair novamente.
error-session-ended-title = Entre novamente
error-session-ended-message = Sua sessão terminou: o Logto não a aceita mais (ela pode ter expirado ou sido revogada). Entre novamente para continuar.
error-invalid-grant-title = Este login expirou
error-invalid-grant-message = O Logto não aceita mais este login (ele já foi usado ou demorou demais). Entre novamente.
error-token-rejected-title = Não foi possível verificar seu login
error-token-rejected-message = A resposta do serviço de login não passou nas nossas verificações de segurança, por isso o login não foi feito. Entre novamente.
error-logto-timeout-title = O Logto está demorando demais
error-logto-timeout-message = O serviço de login não respondeu a tempo. Tente novamente em instantes.
error-client-rejected-title = O login está configurado incorretamente
error-client-rejected-message = O Logto não aceitou as credenciais deste app. A equipe do site precisa verificar as configurações.
error-logto-unreachable-title = Não foi possível acessar o Logto
error-logto-unreachable-message = O serviço de login não está respondendo corretamente no momento. Tente novamente em instantes.
error-session-store-title = As sessões estão indisponíveis
error-session-store-message = Este app não consegue acessar o armazenamento de sessões no momento. Tente novamente em instantes.
error-session-changed-title = Sua sessão mudou nesse meio-tempo
error-session-changed-message = Sua sessão foi alterada ou encerrada em outro lugar enquanto esta solicitação era processada: outra aba, outro dispositivo, ou o Logto encerrando sua sessão. Nada foi salvo. Volte à página inicial para ver como está, ou entre novamente.
error-not-found-title = Página não encontrada
error-not-found-message = Não há nenhuma página neste endereço. A página inicial reúne tudo o que este app oferece.
error-unknown-api-target-title = Esta API não está disponível aqui
error-unknown-api-target-message = Só é possível obter tokens para as APIs configuradas neste app e para as suas próprias organizações.
error-internal-title = Algo deu errado
error-internal-message = A culpa é nossa. Tente novamente.

## Inspetor de fluxos (/inspect)

inspect-page-title = Inspetor de fluxos
inspect-title = Ver o protocolo
inspect-intro = Seu login, renovação, pedido de token de API e logout mais recentes, desenhados entre o seu navegador, este app e o Logto, com cada parâmetro e cada verificação que o app fez.
inspect-secrets = Nenhum token, código, verificador ou segredo é exibido ou armazenado de forma legível: esses valores aparecem como seus primeiros caracteres e seu comprimento.
inspect-kept = Estes registros ficam com a sua sessão e terminam com ela; um login que falhou ou um logout fica guardado por dez minutos em um cookie selado que só esta página recebe.
inspect-empty = Nada registrado ainda: entre e volte a esta página.
inspect-link = Ver o protocolo: cada etapa do seu login, explicada
inspect-link-failed = Ver qual verificação falhou, e por quê
inspect-actor-browser = Navegador
inspect-actor-app = Este app
inspect-flow-sign-in = Login
inspect-flow-refresh = Renovação de tokens
inspect-flow-api-token = Token de API
inspect-flow-sign-out = Logout
inspect-status-ok = concluído
inspect-status-failed = falhou
inspect-status-open = não concluído
inspect-started = iniciado em { $at }
inspect-why-expiring =
    { $seconds ->
        [one] porque restava { $seconds } segundo ao token de acesso
       *[other] porque restavam { $seconds } segundos ao token de acesso
    }
inspect-why-requested = porque você pediu tokens novos
inspect-why-api-token = porque foi pedido um token para uma API ou uma organização
inspect-failed-at = Parou em:
inspect-sent = Enviado
inspect-received = Recebido
inspect-checks = Verificações
inspect-checks-passed =
    { $total ->
        [one] { $passed } de { $total } verificação aprovada
       *[other] { $passed } de { $total } verificações aprovadas
    }
inspect-took = { $ms } ms
inspect-spec = Especificação
inspect-code = Feita em
inspect-outcome-passed = aprovada
inspect-outcome-failed = falhou
inspect-outcome-not-reached = não alcançada (uma verificação anterior falhou)
inspect-outcome-not-applicable = nada a verificar
inspect-yes = sim
inspect-no = não
inspect-masked =
    { $length ->
        [one] { $prefix }… ({ $length } caractere)
       *[other] { $prefix }… ({ $length } caracteres)
    }
inspect-other-claims = outras claims
inspect-arg-issuer = emissor esperado
inspect-arg-keys-fetched-at = chaves obtidas
inspect-arg-refetched = obtidas de novo para este token
inspect-arg-leeway = tolerância (segundos)
inspect-arg-previous-session = substituiu uma sessão
inspect-arg-status = status HTTP
inspect-arg-rotated = rotacionado
inspect-keys-title = Descoberta e chaves em uso
inspect-keys-issuer = Emissor
inspect-keys-fetched-label = Obtido
inspect-keys-fetched = { $at }, em { $ms } ms
inspect-keys-algorithms = Algoritmos do ID token
inspect-keys-keys = Chaves de assinatura
inspect-keys-endpoints = Endpoints
inspect-keys-none = O documento de descoberta do Logto ainda não foi carregado.

## Inspetor: as etapas

inspect-step-authorize-title = Pedido de autorização
inspect-step-authorize-about = O app envia o seu navegador ao Logto com o que pede e com valores que ligam a resposta do Logto a este navegador e a este login.
inspect-step-callback-title = De volta ao callback
inspect-step-callback-about = O Logto devolve o seu navegador com um código de uso único. O app verifica que a resposta pertence a um login que este navegador iniciou e que vem do seu próprio Logto.
inspect-step-token-title = Troca do código
inspect-step-token-about = De servidor para servidor: o app troca o código por tokens, provando quem é (o seu segredo) e que iniciou este login (o verificador PKCE).
inspect-step-id-token-title = Verificação do ID token
inspect-step-id-token-about = Antes de acreditar em qualquer claim, o app verifica quem assinou o token, para quem, quando, e que ele responde a este mesmo login.
inspect-step-userinfo-title = Userinfo
inspect-step-userinfo-about = O app lê o perfil completo com o token de acesso e só o aceita se for do mesmo usuário que o ID token.
inspect-step-session-title = Nova sessão
inspect-step-session-about = Os tokens ficam no servidor, em uma sessão com um novo identificador; o navegador recebe apenas um cookie opaco.
inspect-step-refresh-title = Concessão com refresh token
inspect-step-refresh-about = O app usa o refresh token para obter tokens novos, um pedido por vez por sessão: o Logto revoga toda a concessão quando um refresh token já usado volta.
inspect-step-revocation-title = Revogação
inspect-step-revocation-about = O app revoga o refresh token: encerrar só a sessão do Logto deixaria a concessão, e o seu refresh token, ativos.
inspect-step-session-ended-title = Sessão encerrada aqui
inspect-step-session-ended-about = O registro da sessão é apagado e o navegador recebe a instrução de esquecer o cookie.
inspect-step-end-session-title = Encerrar a sessão no Logto
inspect-step-end-session-about = O seu navegador vai ao endpoint de encerramento de sessão do Logto, que encerra a sessão do próprio Logto e o devolve com o state.
inspect-step-sign-out-return-title = De volta do Logto
inspect-step-sign-out-return-about = O app verifica o state que o Logto devolveu antes de dizer que você saiu.

## Inspetor: as verificações

inspect-check-state-name = o state corresponde a um login deste navegador
inspect-check-state-why = O state volta no callback e precisa abrir um dos cookies de tentativa selados deste navegador. Sem isso, um atacante poderia fazer o seu navegador concluir um login iniciado por ele (CSRF de login).
inspect-check-callback-iss-name = iss do callback (RFC 9207)
inspect-check-callback-iss-why = O Logto informa qual emissor respondeu. Um emissor diferente ou ausente significa que o código pode vir de outro provedor (um ataque de confusão), então ele nunca é trocado.
inspect-check-header-name = cabeçalho do token
inspect-check-header-why = O cabeçalho JOSE precisa descrever um token assinado que este app consiga verificar: sem criptografia e sem campos críticos desconhecidos.
inspect-check-signature-name = assinatura
inspect-check-signature-why = O token precisa estar assinado com uma chave que o Logto publica, com um algoritmo permitido pelo documento de descoberta. Uma chave desconhecida faz o app buscar de novo as chaves do Logto (uma rotação de chaves) antes de decidir.
inspect-check-issuer-name = iss
inspect-check-issuer-why = O emissor do token precisa ser exatamente o emissor do Logto obtido na descoberta: um token emitido em outro lugar é recusado.
inspect-check-audience-name = aud
inspect-check-audience-why = O token precisa ser destinado a este app (o seu client id): um token que o Logto emitiu para outra aplicação é recusado.
inspect-check-expiry-name = exp
inspect-check-expiry-why = Um token expirado é recusado; uma pequena tolerância aceita relógios um pouco diferentes.
inspect-check-issued-at-name = iat
inspect-check-issued-at-why = Um token emitido no futuro (além da tolerância) é recusado: os relógios discordam ou o token é forjado.
inspect-check-nonce-name = nonce
inspect-check-nonce-why = O nonce enviado no pedido de autorização precisa voltar no ID token, para que um token capturado de outro login não possa ser reutilizado neste.
inspect-check-at-hash-name = at_hash
inspect-check-at-hash-why = Quando presente, liga o token de acesso ao ID token: um token de acesso trocado no caminho é detectado.
inspect-check-claims-name = claims legíveis
inspect-check-claims-why = O token precisa trazer as claims que todo ID token tem (sub, iss, aud, exp, iat) no formato correto.
inspect-check-userinfo-sub-name = sub do userinfo
inspect-check-userinfo-sub-why = O perfil do userinfo precisa ser do mesmo usuário que o ID token; caso contrário, não é usado.
inspect-check-same-subject-name = mesmo usuário após a renovação
inspect-check-same-subject-why = Um ID token renovado precisa ser do usuário que entrou; caso contrário, a sessão termina.
inspect-check-new-session-id-name = novo identificador de sessão
inspect-check-new-session-id-why = O identificador de sessão muda no login, então um identificador plantado antes no navegador (fixação de sessão) não vale nada.
inspect-check-sign-out-state-name = state após o logout
inspect-check-sign-out-state-why = O state que o Logto devolve precisa ser o que este app enviou; caso contrário, ninguém é avisado de que saiu.

## Inspetor: para que serve cada parâmetro

inspect-param-response-type = code: o fluxo de código de autorização, em que os tokens nunca passam pelo navegador.
inspect-param-client-id = Qual aplicação está pedindo: o identificador deste app no Logto.
inspect-param-redirect-uri = Para onde o Logto devolve o navegador; precisa estar registrada exatamente assim no console do Logto.
inspect-param-scope = O que o app pede: openid para um ID token, offline_access para um refresh token, profile, email e outros para as claims.
inspect-param-state = Um valor aleatório guardado em um cookie selado; precisa voltar sem mudanças, o que liga a resposta a este navegador.
inspect-param-nonce = Um valor aleatório que o Logto coloca no ID token, o que liga o token a este login.
inspect-param-code-challenge = PKCE: o hash de um verificador secreto guardado pelo app; só ele poderá provar depois que o conhece.
inspect-param-code-challenge-method = S256: o challenge é o SHA-256 do verificador.
inspect-param-prompt = consent faz o Logto emitir um refresh token; login pede as credenciais de novo.
inspect-param-resource = Uma API para a qual o app quer tokens de acesso (um indicador de recurso, RFC 8707).
inspect-param-ui-locales = Os idiomas das páginas do Logto, o que você escolheu primeiro.
inspect-param-first-screen = Parâmetro próprio do Logto: qual tela da experiência de login abre primeiro.
inspect-param-identifier = Parâmetro próprio do Logto: quais identificadores (e-mail, telefone) essa tela pede.
inspect-param-direct-sign-in = Parâmetro próprio do Logto: ir direto para um conector social ou de SSO.
inspect-param-login-hint = Preenche a primeira tela do Logto com o que você digitou.
inspect-param-organization-id = Aplica a experiência de login dessa organização, ou pede o token dela.
inspect-param-code = O código de autorização de uso único; não vale nada sem o segredo do app e o verificador PKCE.
inspect-param-iss = O emissor que respondeu (RFC 9207).
inspect-param-error = O motivo do Logto para não emitir um código (por exemplo, o usuário cancelou).
inspect-param-grant-type = Qual concessão: uma troca de código ou uma renovação.
inspect-param-code-verifier = PKCE: o segredo cujo hash foi enviado como code_challenge; o Logto compara os dois.
inspect-param-client-authentication = Como o app prova a sua identidade: HTTP Basic com o identificador e o segredo (o segredo nunca é exibido).
inspect-param-refresh-token = O refresh token apresentado para obter tokens novos; o Logto responde com um novo (rotação).
inspect-param-token = O token a revogar: o refresh token, o que encerra a concessão.
inspect-param-token-type-hint = Informa ao Logto que tipo de token é.
inspect-param-id-token-hint = O ID token, para o Logto saber qual sessão encerrar (mesmo expirado, serve).
inspect-param-post-logout-redirect-uri = Para onde o Logto envia o navegador depois; precisa estar registrada no console do Logto.

## Manage your account: Logto's Account Center, and what changed when the user comes back
account-title = Gerencie sua conta
account-change-email = Alterar e-mail
account-change-phone = Alterar telefone
account-change-username = Alterar nome de usuário
account-change-password = Alterar senha
account-two-step = Verificação em duas etapas
account-passkeys = Chaves de acesso
account-nothing-changed = Sua conta continua igual.
account-changed-email = Seu e-mail mudou.
account-changed-phone = Seu telefone mudou.
account-changed-username = Seu nome de usuário mudou.
account-changed-name = Seu nome mudou.
account-changed-picture = Sua imagem mudou.
account-name-label = Seu nome
account-save = Salvar
account-refused-title = O Logto não fez a alteração
account-back = Voltar à sua conta

## Your profile and your devices, edited from this app through Logto's Account API
profile-title = Editar seu perfil
profile-saved = Seu perfil foi salvo.
profile-nothing-editable = O Logto não deixa você alterar nada do seu perfil por este aplicativo.
profile-avatar = Imagem (um endereço https)
profile-avatar-hint = O endereço de uma imagem, começando com https://. Ela não é carregada nesta página.
profile-given-name = Nome
profile-family-name = Sobrenome
profile-middle-name = Nome do meio
profile-nickname = Apelido
profile-website = Site
profile-birthdate = Data de nascimento
profile-invalid-title = A alteração não foi enviada
profile-avatar-not-https = A imagem deve ser um endereço https://, como https://example.com/eu.png.
profile-avatar-too-long = O endereço da imagem é longo demais (no máximo 2.048 caracteres).
profile-value-too-long = Um campo é longo demais (no máximo 256 caracteres).
devices-title = Seus dispositivos
devices-intro = Os navegadores e dispositivos conectados à sua conta no Logto. Encerrar um desconecta esse dispositivo.
devices-ended = Esse dispositivo foi desconectado.
devices-none = Nenhum dispositivo está conectado.
devices-unknown-browser = Navegador desconhecido
devices-this-browser = Este navegador
devices-ip = Endereço IP
devices-place = Onde
devices-signed-in-at = Conectado em
devices-end = Desconectar este dispositivo
devices-scope-missing = Para listar seus dispositivos, este aplicativo precisa pedir este escopo ao Logto no login (quem opera o aplicativo o adiciona a LOGTO_SCOPES); depois, entre de novo:
verify-title = Confirme que é você
verify-intro = O Logto pede que você confirme que é você antes de mostrar ou desconectar seus dispositivos: com sua senha ou com um código de uso único enviado ao seu e-mail ou telefone. Ele vai só para o Logto; este aplicativo não o guarda.
verify-password-label = Senha
verify-submit = Continuar
verify-code-send-email = Enviar um código para { $destination }
verify-code-send-phone = Receber um código por SMS em { $destination }
verify-code-sent = O Logto enviou um código para { $destination }. Digite-o aqui; ele vale por 10 minutos.
verify-code-label = Código
verify-no-way = Sua conta não tem senha, e-mail nem telefone para confirmar que é você. Adicione um na Central da conta e volte.
