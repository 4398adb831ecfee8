# Español (España). Reference: ../en/main.ftl (every key there must exist here).
# Tono: tuteo, cercano y claro. Los nombres de producto (Logto, Logto Cloud, Hugging Face) no se traducen.

## Diseño común

layout-brand = Inicio de sesión con Logto
layout-brand-note = Aplicación de referencia en Rust
layout-description = Inicia sesión con Logto: código de un solo uso por correo o SMS, Hugging Face o contraseña, en la aplicación de referencia de Logto en Rust.
layout-footer = Los tokens se quedan en el servidor; tu navegador solo guarda una cookie de sesión.
layout-language = Idioma
layout-language-apply = Aplicar

## Inicio, sin sesión

home-page-title = Iniciar sesión
home-signed-out-notice = Has cerrado sesión.
home-welcome = Te damos la bienvenida
home-intro = Inicia sesión o crea una cuenta con Logto.
home-ways-in-label = Formas de iniciar sesión
home-continue-email = Continuar con correo electrónico
home-continue-phone = Continuar con teléfono
home-continue-huggingface = Continuar con Hugging Face
home-continue-as = Continuar como…
home-email-or-phone = Correo electrónico o número de teléfono
home-new-here = ¿Es tu primera vez?
home-create-account = Crear cuenta
home-create-account-email = Crear cuenta con correo electrónico
home-create-account-phone = Crear cuenta con teléfono
home-more-ways = Más formas de iniciar sesión
home-one-time-code-hint = Para iniciar sesión con correo electrónico o teléfono, Logto te envía un código de un solo uso. «Más formas de iniciar sesión» abre la página de Logto, con usuario y contraseña si tu Logto los ofrece.
home-host-mismatch = Abriste esta aplicación en { $opened }, pero está configurada como { $configured } (APP_BASE_URL). Para Logto son orígenes distintos: al iniciar sesión irás a { $configured }, y Logto debe incluir { $callback } como URI de redirección.

## Inicio, con sesión

signed-in-page-title = Tu cuenta
signed-in-email = Correo electrónico
signed-in-phone = Teléfono
signed-in-verified = verificado
signed-in-not-verified = sin verificar
signed-in-none = ninguno
signed-in-linked-accounts = Cuentas vinculadas
signed-in-roles = Roles
signed-in-organizations = Organizaciones
signed-in-organization-roles = Roles de organización
signed-in-custom-data = Datos personalizados
signed-in-member-since = Miembro desde
signed-in-profile-updated = Perfil actualizado
signed-in-refresh-profile = Actualizar perfil
signed-in-session = Sesión
signed-in-signed-in-at = Sesión iniciada
signed-in-access-token = Token de acceso
signed-in-refresh-token = Token de actualización
signed-in-refresh-token-held = guardado en el servidor
signed-in-refresh-token-none = ninguno (vuelve a iniciar sesión cuando caduque el token de acceso)
signed-in-scopes = Ámbitos
signed-in-no-scopes = ninguno
signed-in-refresh-tokens = Actualizar tokens ahora
signed-in-reauthenticate = Vuelve a iniciar sesión para confirmar
signed-in-api-resources = Recursos de API
signed-in-get-token = Obtener un token
signed-in-get-organization-token = Obtener un token de organización
signed-in-audience = Audiencia
signed-in-expires = Caducidad
signed-in-logto-answered = Respuesta de Logto:
signed-in-sign-out = Cerrar sesión

## Caducidad del token de acceso

expiry-in-minutes =
    { $minutes ->
        [one] caduca dentro de { $minutes } minuto ({ $at })
       *[other] caduca dentro de { $minutes } minutos ({ $at })
    }
expiry-in-seconds =
    { $seconds ->
        [one] caduca dentro de { $seconds } segundo ({ $at })
       *[other] caduca dentro de { $seconds } segundos ({ $at })
    }
expiry-expired-at = caducó el { $at }
expiry-none = sin fecha de caducidad

## Cerrar sesión

sign-out-page-title = Cerrar sesión
sign-out-title = ¿Cerrar sesión?
sign-out-signed-in-as = Has iniciado sesión como { $name }.
sign-out-ends-logto-session = Al cerrar sesión, también se cierra tu sesión de Logto en este navegador.
sign-out-confirm = Cerrar sesión
sign-out-stay = Mantener la sesión

## Configuración (entre comillas, las etiquetas de la consola de Logto en español)

setup-page-title = Configuración
setup-title = Conecta esta aplicación a Logto
setup-intro = Esta aplicación aún no tiene la configuración de Logto. Solo se tarda cinco minutos:
setup-step-create-app = En la consola de Logto (Logto Cloud o tu propio Logto), abre «Aplicaciones» y crea una aplicación «Web tradicional».
setup-step-redirect-uri = En «URIs de Redireccionamiento», añade:
setup-step-post-sign-out-uri = En «Post Sign-out URIs de Redireccionamiento», añade:
setup-step-backchannel-uri = En «Backchannel logout», pon como URI la dirección de abajo y activa «Is session required», para que un cierre de sesión en otra parte termine exactamente esa sesión aquí:
setup-step-env-file = Copia el endpoint, el ID de aplicación y el secreto de la aplicación en un archivo { $file } junto a { $manifest }. El endpoint de un Logto autoalojado es su propia dirección, como http://localhost:3001, sin /oidc:
setup-step-restart = Reinicia la aplicación ({ $command }) y vuelve a cargar esta página.
setup-step-sign-in = Inicia sesión. Un Logto nuevo ofrece nombre de usuario y contraseña: elige «Más formas de iniciar sesión». Los códigos de un solo uso por correo y SMS y Hugging Face funcionan cuando los activas en la consola de Logto.
setup-base-url-hint = Los URI anteriores salen de { $variable } (ahora { $url }). Asígnale la dirección que los usuarios escriben en el navegador. Para Logto, localhost y 127.0.0.1 son orígenes distintos: abre la aplicación exactamente en esa dirección y registra los URI con el mismo host.
setup-account-center-hint = Para que los usuarios cambien su correo, teléfono, nombre de usuario o contraseña desde esta aplicación: en la consola de Logto, Inicio de sesión y cuenta → Centro de cuenta, actívalo y pon esos campos en «Editar». La página del usuario conectado enlazará entonces al centro de cuenta de Logto para cada uno.
setup-devices-hint = Para «Tus dispositivos» (los usuarios ven y cierran sus sesiones): en el Account center, pon Sessions en «Edit» (o «Read-only» para solo listarlas) y añade urn:logto:scope:sessions a LOGTO_SCOPES. Logto pide la contraseña al usuario antes de listarlas.

## Página de error

error-sign-in-again = Volver a iniciar sesión
error-home = Inicio

error-not-configured-title = El inicio de sesión aún no está configurado
error-not-configured-message = Esta aplicación aún no tiene la configuración de Logto. En la página de inicio se explica qué hay que configurar.
error-bad-query-title = Este enlace no es válido
error-bad-query-message = La dirección tiene parámetros que esta aplicación no puede leer. Vuelve a empezar desde la página de inicio.
error-invalid-sign-in-title = Este enlace de inicio de sesión no es válido
error-invalid-sign-in-message = El enlace de inicio de sesión pedía algo que esta aplicación no ofrece. Vuelve a empezar desde la página de inicio.
error-unknown-sign-in-title = Este inicio de sesión ha caducado o ya se ha usado
error-unknown-sign-in-message = Los enlaces de inicio de sesión funcionan una sola vez y durante diez minutos, en el navegador en el que se abrieron. Vuelve a iniciar sesión.
error-malformed-callback-title = La respuesta de inicio de sesión estaba incompleta
error-malformed-callback-message = La respuesta de Logto no contenía lo que esta aplicación necesita. Vuelve a iniciar sesión.
error-sign-in-cancelled-title = Se ha cancelado el inicio de sesión
error-sign-in-cancelled-message = Has salido del inicio de sesión antes de terminarlo, así que sigues sin sesión iniciada. Puedes volver a intentarlo cuando quieras.
error-sign-in-denied-title = Logto no ha podido iniciar tu sesión
error-sign-in-denied-message = El inicio de sesión no se ha completado. Vuelve a intentarlo; si sigue ocurriendo, ponte en contacto con el equipo del sitio.
error-csrf-mismatch-title = No se ha confirmado el cierre de sesión
error-csrf-mismatch-message = El formulario para cerrar sesión estaba caducado o no procedía de este sitio. Vuelve a usar el botón de cerrar sesión.
error-session-ended-title = Vuelve a iniciar sesión
error-session-ended-message = Tu sesión ha terminado: Logto ya no la acepta (puede que haya caducado o se haya revocado). Vuelve a iniciar sesión para continuar.
error-invalid-grant-title = Este inicio de sesión ha caducado
error-invalid-grant-message = Logto ya no acepta este inicio de sesión (ya se ha usado o ha tardado demasiado). Vuelve a iniciar sesión.
error-token-rejected-title = No hemos podido verificar tu inicio de sesión
error-token-rejected-message = La respuesta del servicio de inicio de sesión no ha superado nuestros controles de seguridad, así que no se ha iniciado la sesión. Vuelve a iniciar sesión.
error-logto-timeout-title = Logto está tardando demasiado
error-logto-timeout-message = El servicio de inicio de sesión no ha respondido a tiempo. Vuelve a intentarlo dentro de un momento.
error-client-rejected-title = El inicio de sesión está mal configurado
error-client-rejected-message = Logto no ha aceptado las credenciales de esta aplicación. El equipo del sitio tiene que revisar la configuración.
error-logto-unreachable-title = No se puede contactar con Logto
error-logto-unreachable-message = El servicio de inicio de sesión no está respondiendo correctamente ahora mismo. Vuelve a intentarlo dentro de un momento.
error-session-store-title = Las sesiones no están disponibles
error-session-store-message = Esta aplicación no puede acceder a su almacenamiento de sesiones ahora mismo. Vuelve a intentarlo dentro de un momento.
error-session-changed-title = Tu sesión cambió mientras tanto
error-session-changed-message = Tu sesión se modificó o se cerró en otro lugar mientras se procesaba esta solicitud: otra pestaña, otro dispositivo, o Logto cerrando tu sesión. No se guardó nada. Vuelve a la página de inicio para ver cómo está, o inicia sesión de nuevo.
error-not-found-title = No se ha encontrado la página
error-not-found-message = No hay ninguna página en esta dirección. En la página de inicio tienes todo lo que ofrece esta aplicación.
error-unknown-api-target-title = Esta API no está disponible aquí
error-unknown-api-target-message = Solo se pueden obtener tokens para las API configuradas en esta aplicación y para tus propias organizaciones.
error-internal-title = Algo ha salido mal
error-internal-message = Es culpa nuestra. Vuelve a intentarlo.

## Inspector de flujos (/inspect)

inspect-page-title = Inspector de flujos
inspect-title = Ver el protocolo
inspect-intro = Su inicio de sesión, renovación, solicitud de token de API y cierre de sesión más recientes, dibujados entre su navegador, esta aplicación y Logto, con cada parámetro y cada comprobación que hizo la aplicación.
inspect-secrets = Ningún token, código, verificador o secreto se muestra ni se guarda de forma legible: esos valores aparecen como sus primeros caracteres y su longitud.
inspect-kept = Estos registros se guardan con su sesión y terminan con ella; un inicio de sesión fallido o un cierre de sesión se guarda diez minutos en una cookie sellada que solo recibe esta página.
inspect-empty = Aún no hay nada registrado: inicie sesión y vuelva a esta página.
inspect-link = Ver el protocolo: cada paso de su inicio de sesión, explicado
inspect-link-failed = Ver qué comprobación falló y por qué
inspect-actor-browser = Navegador
inspect-actor-app = Esta aplicación
inspect-flow-sign-in = Inicio de sesión
inspect-flow-refresh = Renovación de tokens
inspect-flow-api-token = Token de API
inspect-flow-sign-out = Cierre de sesión
inspect-status-ok = completado
inspect-status-failed = fallido
inspect-status-open = sin terminar
inspect-started = iniciado el { $at }
inspect-why-expiring =
    { $seconds ->
        [one] porque al token de acceso le quedaba { $seconds } segundo
       *[other] porque al token de acceso le quedaban { $seconds } segundos
    }
inspect-why-requested = porque usted pidió tokens nuevos
inspect-why-api-token = porque se pidió un token para una API o una organización
inspect-failed-at = Se detuvo en:
inspect-sent = Enviado
inspect-received = Recibido
inspect-checks = Comprobaciones
inspect-checks-passed =
    { $total ->
        [one] { $passed } de { $total } comprobación superada
       *[other] { $passed } de { $total } comprobaciones superadas
    }
inspect-took = { $ms } ms
inspect-spec = Especificación
inspect-code = Se hace en
inspect-outcome-passed = superada
inspect-outcome-failed = fallida
inspect-outcome-not-reached = no alcanzada (falló una comprobación anterior)
inspect-outcome-not-applicable = nada que comprobar
inspect-yes = sí
inspect-no = no
inspect-masked =
    { $length ->
        [one] { $prefix }… ({ $length } carácter)
       *[other] { $prefix }… ({ $length } caracteres)
    }
inspect-other-claims = otras claims
inspect-arg-issuer = emisor esperado
inspect-arg-keys-fetched-at = claves obtenidas
inspect-arg-refetched = obtenidas de nuevo para este token
inspect-arg-leeway = margen (segundos)
inspect-arg-previous-session = sustituyó una sesión
inspect-arg-status = estado HTTP
inspect-arg-rotated = rotado
inspect-keys-title = Descubrimiento y claves en uso
inspect-keys-issuer = Emisor
inspect-keys-fetched-label = Obtenido
inspect-keys-fetched = { $at }, en { $ms } ms
inspect-keys-algorithms = Algoritmos del ID token
inspect-keys-keys = Claves de firma
inspect-keys-endpoints = Endpoints
inspect-keys-none = El documento de descubrimiento de Logto aún no está cargado.

## Inspector: los pasos

inspect-step-authorize-title = Solicitud de autorización
inspect-step-authorize-about = La aplicación envía su navegador a Logto con lo que pide y con valores que atan la respuesta de Logto a este navegador y a este inicio de sesión.
inspect-step-callback-title = De vuelta en el callback
inspect-step-callback-about = Logto devuelve su navegador con un código de un solo uso. La aplicación comprueba que la respuesta pertenece a un inicio de sesión que empezó este navegador y que viene de su propio Logto.
inspect-step-token-title = Intercambio del código
inspect-step-token-about = De servidor a servidor: la aplicación cambia el código por tokens, demostrando quién es (su secreto) y que empezó este inicio de sesión (el verificador PKCE).
inspect-step-id-token-title = Verificación del ID token
inspect-step-id-token-about = Antes de creer ninguna claim, la aplicación comprueba quién firmó el token, para quién, cuándo, y que responde a este mismo inicio de sesión.
inspect-step-userinfo-title = Userinfo
inspect-step-userinfo-about = La aplicación lee el perfil completo con el token de acceso y solo lo acepta si es del mismo usuario que el ID token.
inspect-step-session-title = Nueva sesión
inspect-step-session-about = Los tokens se quedan en el servidor, en una sesión con un identificador nuevo; el navegador solo recibe una cookie opaca.
inspect-step-refresh-title = Concesión con refresh token
inspect-step-refresh-about = La aplicación usa el refresh token para obtener tokens nuevos, una solicitud cada vez por sesión: Logto revoca toda la concesión si vuelve un refresh token ya usado.
inspect-step-revocation-title = Revocación
inspect-step-revocation-about = La aplicación revoca el refresh token: cerrar solo la sesión de Logto dejaría viva la concesión y su refresh token.
inspect-step-session-ended-title = Sesión terminada aquí
inspect-step-session-ended-about = Se borra el registro de la sesión y se pide al navegador que olvide su cookie.
inspect-step-end-session-title = Cierre de sesión en Logto
inspect-step-end-session-about = Su navegador va al endpoint de cierre de sesión de Logto, que termina la sesión propia de Logto y lo devuelve con el state.
inspect-step-sign-out-return-title = De vuelta desde Logto
inspect-step-sign-out-return-about = La aplicación comprueba el state que devolvió Logto antes de decirle que ha cerrado la sesión.

## Inspector: las comprobaciones

inspect-check-state-name = el state corresponde a un inicio de sesión de este navegador
inspect-check-state-why = El state vuelve en el callback y debe abrir una de las cookies de intento selladas de este navegador. Sin esto, un atacante podría hacer que su navegador termine un inicio de sesión empezado por él (CSRF de inicio de sesión).
inspect-check-callback-iss-name = iss del callback (RFC 9207)
inspect-check-callback-iss-why = Logto indica qué emisor respondió. Un emisor distinto o ausente significa que el código podría venir de otro proveedor (un ataque de confusión), así que nunca se intercambia.
inspect-check-header-name = cabecera del token
inspect-check-header-why = La cabecera JOSE debe describir un token firmado que esta aplicación pueda verificar: sin cifrado y sin campos críticos desconocidos.
inspect-check-signature-name = firma
inspect-check-signature-why = El token debe estar firmado con una clave que Logto publica, con un algoritmo que permite su documento de descubrimiento. Una clave desconocida hace que la aplicación vuelva a obtener las claves de Logto (una rotación de claves) antes de decidir.
inspect-check-issuer-name = iss
inspect-check-issuer-why = El emisor del token debe ser exactamente el emisor de Logto del descubrimiento: un token emitido en otro lugar se rechaza.
inspect-check-audience-name = aud
inspect-check-audience-why = El token debe ser para esta aplicación (su client id): un token que Logto emitió para otra aplicación se rechaza.
inspect-check-expiry-name = exp
inspect-check-expiry-why = Un token caducado se rechaza; un pequeño margen tolera relojes que difieren un poco.
inspect-check-issued-at-name = iat
inspect-check-issued-at-why = Un token emitido en el futuro (más allá del margen) se rechaza: los relojes no coinciden o el token es falso.
inspect-check-nonce-name = nonce
inspect-check-nonce-why = El nonce enviado con la solicitud de autorización debe volver en el ID token, para que un token capturado de otro inicio de sesión no pueda reutilizarse en este.
inspect-check-at-hash-name = at_hash
inspect-check-at-hash-why = Si está presente, une el token de acceso al ID token: se detecta un token de acceso cambiado por el camino.
inspect-check-claims-name = claims legibles
inspect-check-claims-why = El token debe llevar las claims que tiene todo ID token (sub, iss, aud, exp, iat) con la forma correcta.
inspect-check-userinfo-sub-name = sub de userinfo
inspect-check-userinfo-sub-why = El perfil de userinfo debe ser del mismo usuario que el ID token; si no, no se usa.
inspect-check-same-subject-name = mismo usuario tras la renovación
inspect-check-same-subject-why = Un ID token renovado debe ser del usuario que inició sesión; si no, la sesión termina.
inspect-check-new-session-id-name = nuevo identificador de sesión
inspect-check-new-session-id-why = El identificador de sesión cambia al iniciar sesión, así que un identificador colocado antes en el navegador (fijación de sesión) no sirve de nada.
inspect-check-sign-out-state-name = state tras el cierre de sesión
inspect-check-sign-out-state-why = El state que devuelve Logto debe ser el que envió esta aplicación; si no, no se avisa a nadie de que ha cerrado la sesión.

## Inspector: para qué sirve cada parámetro

inspect-param-response-type = code: el flujo de código de autorización, en el que los tokens nunca pasan por el navegador.
inspect-param-client-id = Qué aplicación lo pide: el identificador de esta aplicación en Logto.
inspect-param-redirect-uri = Adónde devuelve Logto el navegador; debe estar registrada tal cual en la consola de Logto.
inspect-param-scope = Lo que pide la aplicación: openid para un ID token, offline_access para un refresh token, profile, email y otros para las claims.
inspect-param-state = Un valor aleatorio guardado en una cookie sellada; debe volver sin cambios, lo que ata la respuesta a este navegador.
inspect-param-nonce = Un valor aleatorio que Logto pone en el ID token, lo que ata el token a este inicio de sesión.
inspect-param-code-challenge = PKCE: el hash de un verificador secreto que guarda la aplicación; solo ella podrá demostrar después que lo conoce.
inspect-param-code-challenge-method = S256: el challenge es el SHA-256 del verificador.
inspect-param-prompt = consent hace que Logto emita un refresh token; login vuelve a pedir las credenciales.
inspect-param-resource = Una API para la que la aplicación quiere tokens de acceso (un indicador de recurso, RFC 8707).
inspect-param-ui-locales = Los idiomas de las páginas de Logto, primero el que usted eligió.
inspect-param-first-screen = Parámetro propio de Logto: qué pantalla de la experiencia de inicio de sesión se abre primero.
inspect-param-identifier = Parámetro propio de Logto: qué identificadores (correo, teléfono) pide esa pantalla.
inspect-param-direct-sign-in = Parámetro propio de Logto: ir directamente a un conector social o SSO.
inspect-param-login-hint = Rellena la primera pantalla de Logto con lo que usted escribió.
inspect-param-organization-id = Aplica la experiencia de inicio de sesión de esa organización, o pide su token.
inspect-param-code = El código de autorización de un solo uso; no sirve sin el secreto de la aplicación y el verificador PKCE.
inspect-param-iss = El emisor que respondió (RFC 9207).
inspect-param-error = El motivo de Logto para no emitir un código (por ejemplo, el usuario canceló).
inspect-param-grant-type = Qué concesión: un intercambio de código o una renovación.
inspect-param-code-verifier = PKCE: el secreto cuyo hash se envió como code_challenge; Logto los compara.
inspect-param-client-authentication = Cómo demuestra la aplicación su identidad: HTTP Basic con su identificador y su secreto (el secreto nunca se muestra).
inspect-param-refresh-token = El refresh token presentado para obtener tokens nuevos; Logto responde con otro nuevo (rotación).
inspect-param-token = El token que se revoca: el refresh token, lo que termina la concesión.
inspect-param-token-type-hint = Indica a Logto qué tipo de token es.
inspect-param-id-token-hint = El ID token, para que Logto sepa qué sesión terminar (sirve aunque haya caducado).
inspect-param-post-logout-redirect-uri = Adónde envía Logto el navegador después; debe estar registrada en la consola de Logto.

## Manage your account: Logto's Account Center, and what changed when the user comes back
account-title = Gestiona tu cuenta
account-change-email = Cambiar el correo
account-change-phone = Cambiar el teléfono
account-change-username = Cambiar el nombre de usuario
account-change-password = Cambiar la contraseña
account-two-step = Verificación en dos pasos
account-passkeys = Llaves de acceso
account-nothing-changed = Tu cuenta sigue igual.
account-changed-email = Tu correo ha cambiado.
account-changed-phone = Tu teléfono ha cambiado.
account-changed-username = Tu nombre de usuario ha cambiado.
account-changed-name = Tu nombre ha cambiado.
account-changed-picture = Tu imagen ha cambiado.
account-name-label = Tu nombre
account-save = Guardar
account-refused-title = Logto no hizo el cambio
account-back = Volver a tu cuenta

## Your profile and your devices, edited from this app through Logto's Account API
profile-title = Edita tu perfil
profile-saved = Tu perfil se ha guardado.
profile-nothing-editable = Logto no te deja cambiar nada de tu perfil desde esta aplicación.
profile-avatar = Imagen (una dirección https)
profile-avatar-hint = La dirección de una imagen, que empiece por https://. No se carga en esta página.
profile-given-name = Nombre
profile-family-name = Apellido
profile-middle-name = Segundo nombre
profile-nickname = Apodo
profile-website = Sitio web
profile-birthdate = Fecha de nacimiento
profile-invalid-title = El cambio no se envió
profile-avatar-not-https = La imagen debe ser una dirección https://, como https://example.com/yo.png.
profile-avatar-too-long = La dirección de la imagen es demasiado larga (2048 caracteres como máximo).
profile-value-too-long = Un campo es demasiado largo (256 caracteres como máximo).
devices-title = Tus dispositivos
devices-intro = Los navegadores y dispositivos con sesión iniciada en tu cuenta de Logto. Al cerrar uno, se cierra su sesión.
devices-ended = Se cerró la sesión de ese dispositivo.
devices-none = Ningún dispositivo tiene la sesión iniciada.
devices-unknown-browser = Navegador desconocido
devices-this-browser = Este navegador
devices-ip = Dirección IP
devices-place = Dónde
devices-signed-in-at = Sesión iniciada
devices-end = Cerrar la sesión de este dispositivo
devices-scope-missing = Para mostrar tus dispositivos, esta aplicación debe pedir a Logto este permiso al iniciar sesión (quien la administra lo añade a LOGTO_SCOPES); después, vuelve a iniciar sesión:
verify-title = Confirma que eres tú
verify-intro = Logto te pide confirmar que eres tú antes de mostrar o cerrar tus dispositivos con sesión iniciada: con tu contraseña o con un código de un solo uso enviado a tu correo o teléfono. Solo se envía a Logto; esta aplicación no lo guarda.
verify-password-label = Contraseña
verify-submit = Continuar
verify-code-send-email = Enviar un código a { $destination }
verify-code-send-phone = Enviar un SMS con un código a { $destination }
verify-code-sent = Logto envió un código a { $destination }. Escríbelo aquí; es válido durante 10 minutos.
verify-code-label = Código
verify-no-way = Tu cuenta no tiene contraseña, correo ni teléfono con los que confirmar que eres tú. Añade uno en el Centro de cuenta y vuelve.
