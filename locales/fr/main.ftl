# Français. Reference: ../en/main.ftl (every key there must exist here).
# Registre : vouvoiement, formulations neutres. Les noms de produits (Logto, Logto Cloud, Hugging Face)
# ne se traduisent pas. Typographie : espace fine insécable (U+202F) avant ; ? ! et espace insécable
# (U+00A0) avant : et à l'intérieur des guillemets « ».

## Mise en page

layout-brand = Connexion Logto
layout-brand-note = Application de référence en Rust
layout-footer = Les jetons restent sur le serveur ; votre navigateur ne conserve qu’un cookie de session.
layout-language = Langue
layout-language-apply = Appliquer

## Accueil, non connecté

home-page-title = Se connecter
home-signed-out-notice = Déconnexion effectuée.
home-welcome = Bienvenue
home-intro = Connectez-vous ou créez un compte avec Logto.
home-ways-in-label = Moyens de connexion
home-continue-email = Continuer avec un e-mail
home-continue-phone = Continuer avec un numéro de téléphone
home-continue-huggingface = Continuer avec Hugging Face
home-continue-as = Continuer en tant que…
home-email-or-phone = E-mail ou numéro de téléphone
home-new-here = Première visite ?
home-create-account = Créer un compte
home-create-account-email = Créer un compte avec un e-mail
home-create-account-phone = Créer un compte avec un numéro de téléphone
home-more-ways = Autres moyens de connexion
home-one-time-code-hint = La connexion par e-mail ou par téléphone utilise un code à usage unique que Logto vous envoie.

## Accueil, connecté

signed-in-page-title = Votre compte
signed-in-email = E-mail
signed-in-phone = Téléphone
signed-in-verified = vérifié
signed-in-not-verified = non vérifié
signed-in-none = aucun
signed-in-linked-accounts = Comptes associés
signed-in-roles = Rôles
signed-in-organizations = Organisations
signed-in-organization-roles = Rôles d’organisation
signed-in-custom-data = Données personnalisées
signed-in-member-since = Membre depuis
signed-in-profile-updated = Profil mis à jour
signed-in-refresh-profile = Actualiser le profil
signed-in-session = Session
signed-in-signed-in-at = Connexion
signed-in-access-token = Jeton d’accès
signed-in-refresh-token = Jeton de rafraîchissement
signed-in-refresh-token-held = conservé sur le serveur
signed-in-refresh-token-none = aucun (reconnectez-vous quand le jeton d’accès expirera)
signed-in-scopes = Portées
signed-in-no-scopes = aucune
signed-in-refresh-tokens = Actualiser les jetons maintenant
signed-in-reauthenticate = Reconnectez-vous pour confirmer
signed-in-api-resources = Ressources API
signed-in-get-token = Obtenir un jeton
signed-in-get-organization-token = Obtenir un jeton d’organisation
signed-in-audience = Audience
signed-in-expires = Expiration
signed-in-logto-answered = Réponse de Logto :
signed-in-sign-out = Se déconnecter

## Expiration du jeton d'accès

expiry-in-minutes =
    { $minutes ->
        [one] expire dans { $minutes } minute ({ $at })
       *[other] expire dans { $minutes } minutes ({ $at })
    }
expiry-in-seconds =
    { $seconds ->
        [one] expire dans { $seconds } seconde ({ $at })
       *[other] expire dans { $seconds } secondes ({ $at })
    }
expiry-expired-at = a expiré le { $at }
expiry-none = aucune expiration indiquée

## Déconnexion

sign-out-page-title = Déconnexion
sign-out-title = Se déconnecter ?
sign-out-signed-in-as = Compte connecté : { $name }.
sign-out-ends-logto-session = La déconnexion met aussi fin à votre session Logto dans ce navigateur.
sign-out-confirm = Se déconnecter
sign-out-stay = Rester connecté

## Configuration (entre guillemets : les libellés de la console Logto en français)

setup-page-title = Configuration
setup-title = Connectez cette application à Logto
setup-intro = Cette application n’a pas encore de paramètres Logto. Cela prend cinq minutes :
setup-step-create-app = Dans la console Logto (Logto Cloud ou votre propre Logto), ouvrez « Applications » et créez une application « Web Traditionnel ».
setup-step-redirect-uri = Dans « URIs de redirection », ajoutez :
setup-step-post-sign-out-uri = Dans « URI de redirection après déconnexion », ajoutez :
setup-step-backchannel-uri = Dans « Backchannel logout », indiquez l’adresse ci-dessous comme URI et activez « Is session required », pour qu’une déconnexion ailleurs termine exactement cette session ici :
setup-step-env-file = Copiez le point de terminaison, l’ID de l’application et le secret de l’application dans un fichier { $file } à côté de { $manifest } :
setup-step-restart = Redémarrez l’application ({ $command }) et rechargez cette page.
setup-base-url-hint = Les URI ci-dessus proviennent de { $variable } (actuellement { $url }). Donnez-lui l’adresse que les utilisateurs saisissent dans leur navigateur.

## Page d'erreur

error-sign-in-again = Se reconnecter
error-home = Accueil

error-not-configured-title = La connexion n’est pas encore configurée
error-not-configured-message = Cette application n’a pas encore de paramètres Logto. La page d’accueil explique quoi configurer.
error-bad-query-title = Ce lien n’est pas valide
error-bad-query-message = L’adresse contient des paramètres que cette application ne sait pas lire. Recommencez depuis la page d’accueil.
error-invalid-sign-in-title = Ce lien de connexion n’est pas valide
error-invalid-sign-in-message = Le lien de connexion demandait quelque chose que cette application ne propose pas. Recommencez depuis la page d’accueil.
error-unknown-sign-in-title = Cette connexion a expiré ou a déjà été utilisée
error-unknown-sign-in-message = Les liens de connexion ne fonctionnent qu’une fois et pendant dix minutes, dans le navigateur qui les a ouverts. Veuillez vous reconnecter.
error-malformed-callback-title = La réponse de connexion était incomplète
error-malformed-callback-message = La réponse de Logto ne contenait pas ce dont cette application a besoin. Veuillez vous reconnecter.
error-sign-in-cancelled-title = La connexion a été annulée
error-sign-in-cancelled-message = Vous avez quitté la connexion avant la fin ; elle n’a donc pas eu lieu. Vous pouvez réessayer quand vous le souhaitez.
error-sign-in-denied-title = Logto n’a pas pu vous connecter
error-sign-in-denied-message = La connexion n’a pas abouti. Veuillez réessayer ; si le problème persiste, contactez l’équipe du site.
error-csrf-mismatch-title = La déconnexion n’a pas été confirmée
error-csrf-mismatch-message = Le formulaire de déconnexion était périmé ou ne provenait pas de ce site. Utilisez à nouveau le bouton de déconnexion.
error-session-ended-title = Veuillez vous reconnecter
error-session-ended-message = Votre session a pris fin : Logto ne l’accepte plus (elle a peut-être expiré ou été révoquée). Reconnectez-vous pour continuer.
error-invalid-grant-title = Cette connexion a expiré
error-invalid-grant-message = Logto n’accepte plus cette connexion (elle a déjà été utilisée ou a pris trop de temps). Veuillez vous reconnecter.
error-token-rejected-title = Nous n’avons pas pu vérifier votre connexion
error-token-rejected-message = La réponse du service de connexion n’a pas passé nos contrôles de sécurité ; la connexion n’a donc pas eu lieu. Veuillez vous reconnecter.
error-logto-timeout-title = Logto met trop de temps à répondre
error-logto-timeout-message = Le service de connexion n’a pas répondu à temps. Veuillez réessayer dans un instant.
error-client-rejected-title = La connexion est mal configurée
error-client-rejected-message = Logto n’a pas accepté les identifiants de cette application. L’équipe du site doit vérifier ses paramètres.
error-logto-unreachable-title = Logto est injoignable
error-logto-unreachable-message = Le service de connexion ne répond pas correctement pour le moment. Veuillez réessayer dans un instant.
error-session-store-title = Les sessions sont indisponibles
error-session-store-message = Cette application ne peut pas accéder à son stockage de sessions pour le moment. Veuillez réessayer dans un instant.
error-not-found-title = Page introuvable
error-not-found-message = Il n’y a aucune page à cette adresse. La page d’accueil présente tout ce que propose cette application.
error-unknown-api-target-title = Cette API n’est pas disponible ici
error-unknown-api-target-message = Vous ne pouvez obtenir des jetons que pour les API configurées dans cette application et pour vos propres organisations.
error-internal-title = Une erreur s’est produite
error-internal-message = C’est de notre faute. Veuillez réessayer.
