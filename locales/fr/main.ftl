# Français. Reference: ../en/main.ftl (every key there must exist here).
# Registre : vouvoiement, formulations neutres. Les noms de produits (Logto, Logto Cloud, Hugging Face)
# ne se traduisent pas. Typographie : espace fine insécable (U+202F) avant ; ? ! et espace insécable
# (U+00A0) avant : et à l'intérieur des guillemets « ».

## Mise en page

layout-brand = Connexion Logto
layout-brand-note = Application de référence en Rust
layout-description = Connexion avec Logto : code à usage unique par e-mail ou SMS, Hugging Face ou mot de passe, dans l’application de référence Rust pour Logto.
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
home-one-time-code-hint = La connexion par e-mail ou par téléphone utilise un code à usage unique que Logto vous envoie. « Autres moyens de connexion » ouvre la page de Logto, avec nom d’utilisateur et mot de passe si votre Logto les propose.
home-host-mismatch = Vous avez ouvert cette application à { $opened }, mais elle est configurée pour { $configured } (APP_BASE_URL). Pour Logto, ce sont des origines différentes : la connexion vous emmène sur { $configured }, et Logto doit lister { $callback } comme URI de redirection.

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
setup-step-env-file = Copiez le point de terminaison, l’ID de l’application et le secret de l’application dans un fichier { $file } à côté de { $manifest }. Le point de terminaison d’un Logto auto-hébergé est sa propre adresse, par exemple http://localhost:3001, sans /oidc :
setup-step-restart = Redémarrez l’application ({ $command }) et rechargez cette page.
setup-step-sign-in = Connectez-vous. Un nouveau Logto propose un nom d’utilisateur et un mot de passe : choisissez « Autres moyens de connexion ». Les codes à usage unique par e-mail et SMS et Hugging Face fonctionnent une fois activés dans la console Logto.
setup-base-url-hint = Les URI ci-dessus proviennent de { $variable } (actuellement { $url }). Donnez-lui l’adresse que les utilisateurs saisissent dans leur navigateur. Pour Logto, localhost et 127.0.0.1 sont des origines différentes : ouvrez l’application exactement à cette adresse et enregistrez les URI avec le même hôte.
setup-account-center-hint = Pour que les utilisateurs puissent changer leur e-mail, téléphone, nom d’utilisateur ou mot de passe depuis cette application : dans la console Logto, Connexion et compte → Centre de compte, activez-le et réglez ces champs sur « Modifier ». La page de l’utilisateur connecté renvoie alors vers le centre de compte de Logto pour chacun.
setup-devices-hint = Pour « Vos appareils » (les utilisateurs voient et ferment leurs sessions) : dans l’Account center, réglez Sessions sur « Edit » (ou « Read-only » pour seulement les lister) et ajoutez urn:logto:scope:sessions à LOGTO_SCOPES. Logto demande leur mot de passe aux utilisateurs avant de les lister.

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
error-session-changed-title = Votre session a changé entre-temps
error-session-changed-message = Votre session a été modifiée ou fermée ailleurs pendant le traitement de cette requête : un autre onglet, un autre appareil, ou Logto qui vous a déconnecté. Rien n’a été enregistré. Revenez à l’accueil pour voir où vous en êtes, ou reconnectez-vous.
error-not-found-title = Page introuvable
error-not-found-message = Il n’y a aucune page à cette adresse. La page d’accueil présente tout ce que propose cette application.
error-unknown-api-target-title = Cette API n’est pas disponible ici
error-unknown-api-target-message = Vous ne pouvez obtenir des jetons que pour les API configurées dans cette application et pour vos propres organisations.
error-internal-title = Une erreur s’est produite
error-internal-message = C’est de notre faute. Veuillez réessayer.

## Inspecteur de flux (/inspect)

inspect-page-title = Inspecteur de flux
inspect-title = Voir le protocole
inspect-intro = Votre connexion, votre renouvellement, votre demande de jeton d’API et votre déconnexion les plus récents, dessinés entre votre navigateur, cette application et Logto, avec chaque paramètre et chaque vérification effectuée par l’application.
inspect-secrets = Aucun jeton, code, vérificateur ou secret n’est affiché, ni conservé de façon lisible : ces valeurs apparaissent sous la forme de leurs premiers caractères et de leur longueur.
inspect-kept = Ces enregistrements sont conservés avec votre session et disparaissent avec elle ; une connexion échouée ou une déconnexion est conservée dix minutes dans un cookie scellé que seule cette page reçoit.
inspect-empty = Rien n’est encore enregistré : connectez-vous, puis revenez sur cette page.
inspect-link = Voir le protocole : chaque étape de votre connexion, expliquée
inspect-link-failed = Voir quelle vérification a échoué, et pourquoi
inspect-actor-browser = Navigateur
inspect-actor-app = Cette application
inspect-flow-sign-in = Connexion
inspect-flow-refresh = Renouvellement des jetons
inspect-flow-api-token = Jeton d’API
inspect-flow-sign-out = Déconnexion
inspect-status-ok = terminé
inspect-status-failed = échoué
inspect-status-open = inachevé
inspect-started = commencé le { $at }
inspect-why-expiring =
    { $seconds ->
        [one] car il restait { $seconds } seconde au jeton d’accès
       *[other] car il restait { $seconds } secondes au jeton d’accès
    }
inspect-why-requested = car vous avez demandé de nouveaux jetons
inspect-why-api-token = car un jeton pour une API ou une organisation a été demandé
inspect-failed-at = Arrêté à :
inspect-sent = Envoyé
inspect-received = Reçu
inspect-checks = Vérifications
inspect-checks-passed =
    { $passed ->
        [one] { $passed } vérification réussie sur { $total }
       *[other] { $passed } vérifications réussies sur { $total }
    }
inspect-took = { $ms } ms
inspect-spec = Spécification
inspect-code = Effectuée dans
inspect-outcome-passed = réussie
inspect-outcome-failed = échouée
inspect-outcome-not-reached = non atteinte (une vérification précédente a échoué)
inspect-outcome-not-applicable = rien à vérifier
inspect-yes = oui
inspect-no = non
inspect-masked =
    { $length ->
        [one] { $prefix }… ({ $length } caractère)
       *[other] { $prefix }… ({ $length } caractères)
    }
inspect-other-claims = autres claims
inspect-arg-issuer = émetteur attendu
inspect-arg-keys-fetched-at = clés obtenues
inspect-arg-refetched = obtenues à nouveau pour ce jeton
inspect-arg-leeway = tolérance (secondes)
inspect-arg-previous-session = a remplacé une session
inspect-arg-status = statut HTTP
inspect-arg-rotated = renouvelé
inspect-keys-title = Découverte et clés utilisées
inspect-keys-issuer = Émetteur
inspect-keys-fetched-label = Obtenu
inspect-keys-fetched = { $at }, en { $ms } ms
inspect-keys-algorithms = Algorithmes de l’ID token
inspect-keys-keys = Clés de signature
inspect-keys-endpoints = Points de terminaison
inspect-keys-none = Le document de découverte de Logto n’est pas encore chargé.

## Inspecteur : les étapes

inspect-step-authorize-title = Demande d’autorisation
inspect-step-authorize-about = L’application envoie votre navigateur chez Logto avec ce qu’elle demande, et avec des valeurs qui lient la réponse de Logto à ce navigateur et à cette connexion.
inspect-step-callback-title = Retour au callback
inspect-step-callback-about = Logto renvoie votre navigateur avec un code à usage unique. L’application vérifie que la réponse appartient à une connexion commencée par ce navigateur, et qu’elle vient de son propre Logto.
inspect-step-token-title = Échange du code
inspect-step-token-about = De serveur à serveur : l’application échange le code contre des jetons, en prouvant qui elle est (son secret) et qu’elle a commencé cette connexion (le vérificateur PKCE).
inspect-step-id-token-title = Vérification de l’ID token
inspect-step-id-token-about = Avant de croire la moindre claim, l’application vérifie qui a signé le jeton, pour qui, quand, et qu’il répond à cette connexion précise.
inspect-step-userinfo-title = Userinfo
inspect-step-userinfo-about = L’application lit le profil complet avec le jeton d’accès, et ne l’accepte que s’il concerne le même utilisateur que l’ID token.
inspect-step-session-title = Nouvelle session
inspect-step-session-about = Les jetons restent sur le serveur, dans une session sous un nouvel identifiant ; le navigateur ne reçoit qu’un cookie opaque.
inspect-step-refresh-title = Octroi par refresh token
inspect-step-refresh-about = L’application utilise le refresh token pour obtenir de nouveaux jetons, une requête à la fois par session : Logto révoque tout l’octroi quand un refresh token déjà utilisé revient.
inspect-step-revocation-title = Révocation
inspect-step-revocation-about = L’application révoque le refresh token : fermer seulement la session de Logto laisserait l’octroi, et son refresh token, actifs.
inspect-step-session-ended-title = Session terminée ici
inspect-step-session-ended-about = L’enregistrement de la session est supprimé et le navigateur invité à oublier son cookie.
inspect-step-end-session-title = Fin de session chez Logto
inspect-step-end-session-about = Votre navigateur se rend au point de fin de session de Logto, qui termine la session propre à Logto et le renvoie avec le state.
inspect-step-sign-out-return-title = Retour de Logto
inspect-step-sign-out-return-about = L’application vérifie le state renvoyé par Logto avant de vous annoncer votre déconnexion.

## Inspecteur : les vérifications

inspect-check-state-name = le state correspond à une connexion de ce navigateur
inspect-check-state-why = Le state revient dans le callback et doit ouvrir l’un des cookies de tentative scellés de ce navigateur. Sans cela, un attaquant pourrait faire terminer par votre navigateur une connexion qu’il a lui-même commencée (CSRF de connexion).
inspect-check-callback-iss-name = iss du callback (RFC 9207)
inspect-check-callback-iss-why = Logto indique quel émetteur a répondu. Un émetteur différent ou absent signifie que le code peut venir d’un autre fournisseur (une attaque par confusion) : il n’est donc jamais échangé.
inspect-check-header-name = en-tête du jeton
inspect-check-header-why = L’en-tête JOSE doit décrire un jeton signé que cette application sait vérifier : pas de chiffrement, pas de champ critique inconnu.
inspect-check-signature-name = signature
inspect-check-signature-why = Le jeton doit être signé avec une clé publiée par Logto, selon un algorithme autorisé par son document de découverte. Une clé inconnue pousse l’application à récupérer à nouveau les clés de Logto (une rotation de clés) avant de décider.
inspect-check-issuer-name = iss
inspect-check-issuer-why = L’émetteur du jeton doit être exactement l’émetteur Logto de la découverte : un jeton émis ailleurs est refusé.
inspect-check-audience-name = aud
inspect-check-audience-why = Le jeton doit être destiné à cette application (son client id) : un jeton que Logto a émis pour une autre application est refusé.
inspect-check-expiry-name = exp
inspect-check-expiry-why = Un jeton expiré est refusé ; une petite tolérance admet des horloges légèrement décalées.
inspect-check-issued-at-name = iat
inspect-check-issued-at-why = Un jeton émis dans le futur (au-delà de la tolérance) est refusé : les horloges divergent ou le jeton est falsifié.
inspect-check-nonce-name = nonce
inspect-check-nonce-why = Le nonce envoyé avec la demande d’autorisation doit revenir dans l’ID token, pour qu’un jeton capturé lors d’une autre connexion ne puisse pas être rejoué dans celle-ci.
inspect-check-at-hash-name = at_hash
inspect-check-at-hash-why = S’il est présent, il lie le jeton d’accès à l’ID token : un jeton d’accès substitué en chemin est détecté.
inspect-check-claims-name = claims lisibles
inspect-check-claims-why = Le jeton doit porter les claims de tout ID token (sub, iss, aud, exp, iat) sous la bonne forme.
inspect-check-userinfo-sub-name = sub de userinfo
inspect-check-userinfo-sub-why = Le profil de userinfo doit concerner le même utilisateur que l’ID token ; sinon, il n’est pas utilisé.
inspect-check-same-subject-name = même utilisateur après renouvellement
inspect-check-same-subject-why = Un ID token renouvelé doit concerner l’utilisateur qui s’est connecté ; sinon, la session prend fin.
inspect-check-new-session-id-name = nouvel identifiant de session
inspect-check-new-session-id-why = L’identifiant de session change à la connexion : un identifiant placé à l’avance dans le navigateur (fixation de session) ne sert à rien.
inspect-check-sign-out-state-name = state après la déconnexion
inspect-check-sign-out-state-why = Le state renvoyé par Logto doit être celui que cette application a envoyé ; sinon, personne n’est informé de sa déconnexion.

## Inspecteur : à quoi sert chaque paramètre

inspect-param-response-type = code : le flux du code d’autorisation, où les jetons ne passent jamais par le navigateur.
inspect-param-client-id = Quelle application demande : l’identifiant de cette application dans Logto.
inspect-param-redirect-uri = Où Logto renvoie le navigateur ; elle doit être enregistrée à l’identique dans la console Logto.
inspect-param-scope = Ce que demande l’application : openid pour un ID token, offline_access pour un refresh token, profile, email et d’autres pour les claims.
inspect-param-state = Une valeur aléatoire conservée dans un cookie scellé ; elle doit revenir inchangée, ce qui lie la réponse à ce navigateur.
inspect-param-nonce = Une valeur aléatoire que Logto place dans l’ID token, ce qui lie le jeton à cette connexion.
inspect-param-code-challenge = PKCE : le hachage d’un vérificateur secret conservé par l’application ; elle seule pourra ensuite prouver qu’elle le connaît.
inspect-param-code-challenge-method = S256 : le challenge est le SHA-256 du vérificateur.
inspect-param-prompt = consent fait émettre un refresh token par Logto ; login redemande les identifiants.
inspect-param-resource = Une API pour laquelle l’application veut des jetons d’accès (un indicateur de ressource, RFC 8707).
inspect-param-ui-locales = Les langues des pages de Logto, celle que vous avez choisie en premier.
inspect-param-first-screen = Paramètre propre à Logto : l’écran de l’expérience de connexion qui s’ouvre en premier.
inspect-param-identifier = Paramètre propre à Logto : les identifiants (e-mail, téléphone) que cet écran demande.
inspect-param-direct-sign-in = Paramètre propre à Logto : aller directement à un connecteur social ou SSO.
inspect-param-login-hint = Préremplit le premier écran de Logto avec ce que vous avez saisi.
inspect-param-organization-id = Applique l’expérience de connexion de cette organisation, ou demande son jeton.
inspect-param-code = Le code d’autorisation à usage unique ; inutile sans le secret de l’application et le vérificateur PKCE.
inspect-param-iss = L’émetteur qui a répondu (RFC 9207).
inspect-param-error = La raison pour laquelle Logto n’a pas émis de code (par exemple, l’utilisateur a annulé).
inspect-param-grant-type = Quel octroi : un échange de code ou un renouvellement.
inspect-param-code-verifier = PKCE : le secret dont le hachage a été envoyé comme code_challenge ; Logto les compare.
inspect-param-client-authentication = Comment l’application prouve son identité : HTTP Basic avec son identifiant et son secret (le secret n’est jamais affiché).
inspect-param-refresh-token = Le refresh token présenté pour obtenir de nouveaux jetons ; Logto répond avec un nouveau (rotation).
inspect-param-token = Le jeton à révoquer : le refresh token, ce qui met fin à l’octroi.
inspect-param-token-type-hint = Indique à Logto de quel type de jeton il s’agit.
inspect-param-id-token-hint = L’ID token, pour que Logto sache quelle session terminer (même expiré, il convient).
inspect-param-post-logout-redirect-uri = Où Logto envoie le navigateur ensuite ; elle doit être enregistrée dans la console Logto.

## Manage your account: Logto's Account Center, and what changed when the user comes back
account-title = Gérer votre compte
account-change-email = Changer d’e-mail
account-change-phone = Changer de numéro de téléphone
account-change-username = Changer de nom d’utilisateur
account-change-password = Changer de mot de passe
account-two-step = Vérification en deux étapes
account-passkeys = Clés d’accès
account-nothing-changed = Votre compte est inchangé.
account-changed-email = Votre e-mail a changé.
account-changed-phone = Votre numéro de téléphone a changé.
account-changed-username = Votre nom d’utilisateur a changé.
account-changed-name = Votre nom a changé.
account-changed-picture = Votre image a changé.
account-name-label = Votre nom
account-save = Enregistrer
account-refused-title = Logto n’a pas fait la modification
account-back = Retour à votre compte

## Your profile and your devices, edited from this app through Logto's Account API
profile-title = Modifier votre profil
profile-saved = Votre profil est enregistré.
profile-nothing-editable = Logto ne vous laisse rien changer de votre profil depuis cette application.
profile-avatar = Image (une adresse https)
profile-avatar-hint = L’adresse d’une image, commençant par https://. Elle n’est pas chargée sur cette page.
profile-given-name = Prénom
profile-family-name = Nom de famille
profile-middle-name = Deuxième prénom
profile-nickname = Surnom
profile-website = Site web
profile-birthdate = Date de naissance
profile-invalid-title = La modification n’a pas été envoyée
profile-avatar-not-https = L’image doit être une adresse https://, comme https://example.com/moi.png.
profile-avatar-too-long = L’adresse de l’image est trop longue (2 048 caractères au plus).
profile-value-too-long = Un champ est trop long (256 caractères au plus).
devices-title = Vos appareils
devices-intro = Les navigateurs et appareils connectés à votre compte chez Logto. En fermer un le déconnecte.
devices-ended = Cet appareil est déconnecté.
devices-none = Aucun appareil n’est connecté.
devices-unknown-browser = Navigateur inconnu
devices-this-browser = Ce navigateur
devices-ip = Adresse IP
devices-place = Où
devices-signed-in-at = Connecté le
devices-end = Déconnecter cet appareil
devices-scope-missing = Pour lister vos appareils, cette application doit demander cette portée à Logto à la connexion (l’exploitant l’ajoute à LOGTO_SCOPES) ; reconnectez-vous ensuite :
verify-title = Confirmez que c’est vous
verify-intro = Logto vous demande de confirmer que c’est vous avant d’afficher ou de déconnecter vos appareils : avec votre mot de passe, ou avec un code à usage unique envoyé à votre e-mail ou téléphone. Il n’est envoyé qu’à Logto ; cette application ne le garde pas.
verify-password-label = Mot de passe
verify-submit = Continuer
verify-code-send-email = Envoyer un code à { $destination }
verify-code-send-phone = Recevoir un code par SMS au { $destination }
verify-code-sent = Logto a envoyé un code à { $destination }. Saisissez-le ici ; il est valable 10 minutes.
verify-code-label = Code
verify-no-way = Votre compte n’a ni mot de passe, ni e-mail, ni téléphone pour confirmer que c’est vous. Ajoutez-en un dans le Centre de compte, puis revenez.
