# Português (Brasil). Reference: ../en/main.ftl (every key there must exist here).
# Tom: "você", direto e cordial. Nomes de produtos (Logto, Logto Cloud, Hugging Face) não se traduzem.

## Layout

layout-brand = Login com Logto
layout-brand-note = App de referência em Rust
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
home-one-time-code-hint = Para entrar com e-mail ou telefone, o Logto envia um código de uso único para você.

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
setup-step-env-file = Copie o endpoint, o ID do aplicativo e o segredo do aplicativo para um arquivo { $file } ao lado do { $manifest }:
setup-step-restart = Reinicie o app ({ $command }) e recarregue esta página.
setup-base-url-hint = Os URIs acima vêm de { $variable } (atualmente { $url }). Defina essa variável com o endereço que os usuários digitam no navegador.

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
error-not-found-title = Página não encontrada
error-not-found-message = Não há nenhuma página neste endereço. A página inicial reúne tudo o que este app oferece.
error-unknown-api-target-title = Esta API não está disponível aqui
error-unknown-api-target-message = Só é possível obter tokens para as APIs configuradas neste app e para as suas próprias organizações.
error-internal-title = Algo deu errado
error-internal-message = A culpa é nossa. Tente novamente.
