# Español (España). Reference: ../en/main.ftl (every key there must exist here).
# Tono: tuteo, cercano y claro. Los nombres de producto (Logto, Logto Cloud, Hugging Face) no se traducen.

## Diseño común

layout-brand = Inicio de sesión con Logto
layout-brand-note = Aplicación de referencia en Rust
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
home-one-time-code-hint = Para iniciar sesión con correo electrónico o teléfono, Logto te envía un código de un solo uso.

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
setup-step-env-file = Copia el endpoint, el ID de aplicación y el secreto de la aplicación en un archivo { $file } junto a { $manifest }:
setup-step-restart = Reinicia la aplicación ({ $command }) y vuelve a cargar esta página.
setup-base-url-hint = Los URI anteriores salen de { $variable } (ahora { $url }). Asígnale la dirección que los usuarios escriben en el navegador.

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
error-not-found-title = No se ha encontrado la página
error-not-found-message = No hay ninguna página en esta dirección. En la página de inicio tienes todo lo que ofrece esta aplicación.
error-unknown-api-target-title = Esta API no está disponible aquí
error-unknown-api-target-message = Solo se pueden obtener tokens para las API configuradas en esta aplicación y para tus propias organizaciones.
error-internal-title = Algo ha salido mal
error-internal-message = Es culpa nuestra. Vuelve a intentarlo.
