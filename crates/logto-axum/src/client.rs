//! [`LogtoClient`]: the per-request client an axum handler takes as an extractor, with the
//! operations Logto's platform SDKs name; and [`SignedIn`], the guard for pages that need a user.

use axum::{
    extract::{FromRef, FromRequestParts, OriginalUri},
    http::request::Parts,
    response::{IntoResponse, Redirect, Response},
};
use logto_core::{Profile, TokenTarget, params::SignInOptions};
use url::Url;

use crate::{
    Error, Logto,
    return_to::same_origin_path,
    session::{AuthSession, CallbackParams, SignedInUser},
};

/// The request's Logto client: the app's [`Logto`] and this browser's session.
///
/// ```
/// use axum::response::Html;
/// use logto_axum::LogtoClient;
///
/// async fn home(logto: LogtoClient) -> Html<String> {
///     match logto.id_token_claims() {
///         Some(user) => Html(format!("Hello, {}", user.display_name())),
///         None => Html("<a href=\"/sign-in\">Sign in</a>".into()),
///     }
/// }
/// ```
pub struct LogtoClient {
    logto: Logto,
    session: AuthSession,
}

impl<S> FromRequestParts<S> for LogtoClient
where
    S: Send + Sync,
    Logto: FromRef<S>,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let logto = Logto::from_ref(state);
        let session = AuthSession::from_request_parts(parts, &logto).await?;
        Ok(Self { logto, session })
    }
}

impl LogtoClient {
    /// Whether a user is signed in in this browser.
    pub fn is_authenticated(&self) -> bool {
        self.session.user().is_some()
    }

    /// The signed-in user's claims, from the verified ID token and userinfo; `None` when nobody
    /// is signed in. (Not to be confused with [`logto_core::SignedIn`], the core's result of a
    /// completed sign-in, nor this client with [`logto_core::LogtoClient`], the core's client
    /// for one Logto tenant, which [`Logto`] holds.)
    pub fn id_token_claims(&self) -> Option<&Profile> {
        self.session.user().map(|user| &user.profile)
    }

    /// Everything kept for the signed-in user (tokens included: never render or log them).
    pub fn user(&self) -> Option<&SignedInUser> {
        self.session.user()
    }

    /// The token forms that change the session must carry (sign-out's, for one).
    pub fn csrf_token(&self) -> Option<&str> {
        self.session.user().map(|user| user.csrf_token.as_str())
    }

    /// The session itself, for what the client does not wrap.
    pub fn session(&mut self) -> &mut AuthSession {
        &mut self.session
    }

    /// Reads the user's profile from Logto's userinfo endpoint again and keeps it; returns it.
    pub async fn fetch_user_info(&mut self) -> Result<Option<&Profile>, Error> {
        self.session.fetch_user_info(self.logto.client()).await?;
        Ok(self.id_token_claims())
    }

    /// An access token for Logto's userinfo endpoint, refreshed first when it is about to
    /// expire. `None` when nobody is signed in.
    pub async fn access_token(&mut self) -> Result<Option<String>, Error> {
        self.session.refresh_if_needed(self.logto.client()).await?;
        Ok(self.session.user().map(|user| user.access_token.clone()))
    }

    /// An access token for the API resource `resource` (one of the settings' resources), from
    /// a refresh-token grant, kept and reused until a minute before it expires. `Ok(None)` when
    /// nobody is signed in (behind [`SignedIn`] there always is someone);
    /// [`Error::UnknownApiTarget`] for a resource not in the settings, [`Error::TokenRefused`]
    /// when Logto refuses this user a token for it.
    pub async fn resource_token(&mut self, resource: &str) -> Result<Option<String>, Error> {
        if !self
            .logto
            .client()
            .settings()
            .resources
            .iter()
            .any(|r| r == resource)
        {
            return Err(Error::UnknownApiTarget);
        }
        self.token_for(TokenTarget::Resource(resource.to_string()))
            .await
    }

    /// An organization token for `organization_id` (one of the user's organizations; needs the
    /// `urn:logto:scope:organizations` scope), kept and reused like a resource token. `Ok(None)`
    /// when nobody is signed in; [`Error::UnknownApiTarget`] when the user is not a member.
    pub async fn organization_token(
        &mut self,
        organization_id: &str,
    ) -> Result<Option<String>, Error> {
        let member = self
            .id_token_claims()
            .is_some_and(|user| user.organizations.iter().any(|id| id == organization_id));
        if !member {
            return Err(Error::UnknownApiTarget);
        }
        self.token_for(TokenTarget::Organization(organization_id.to_string()))
            .await
    }

    async fn token_for(&mut self, target: TokenTarget) -> Result<Option<String>, Error> {
        self.session.api_token(self.logto.client(), &target).await?;
        let Some(user) = self.session.user() else {
            return Ok(None);
        };
        match (
            user.api_tokens.get(&target.key()),
            user.api_errors.get(&target.key()),
        ) {
            (Some(token), _) => Ok(Some(token.access_token.clone())),
            (None, Some(refused)) => Err(Error::TokenRefused(refused.clone())),
            (None, None) => Ok(None),
        }
    }

    /// Starts a sign-in with `options` (first screen, identifier, direct sign-in, login hint,
    /// organization, prompt: see [`logto_core::params`]); after it the user lands on
    /// `return_to` when it is a path on this site, `/` otherwise. Returns the redirect to Logto.
    pub async fn sign_in(
        &mut self,
        options: &SignInOptions,
        return_to: Option<&str>,
    ) -> Result<Redirect, Error> {
        let paths = self.logto.paths();
        let return_to = return_to
            .and_then(same_origin_path)
            .filter(|path| !paths.is_sdk_route(path))
            .unwrap_or_else(|| "/".to_string());
        let url = self
            .session
            .begin_sign_in(self.logto.client(), options, return_to)
            .await?;
        Ok(Redirect::to(url.as_str()))
    }

    /// Completes the sign-in Logto's callback answers (`query`: the callback's raw query) and
    /// returns the redirect to where the user was headed.
    pub async fn handle_sign_in_callback(
        &mut self,
        query: Option<&str>,
    ) -> Result<Redirect, Error> {
        let params = CallbackParams::from_query(query)?;
        let return_to = self
            .session
            .handle_sign_in_callback(self.logto.client(), params)
            .await?;
        Ok(Redirect::to(&return_to))
    }

    /// On the page Logto sends the browser to after sign-out ([`Paths::after_sign_out`]): true
    /// when `state` (the query's `state`) is the one this browser's sign-out sent, which is
    /// then used up. A page that says "you are signed out" should say it only then.
    ///
    /// [`Paths::after_sign_out`]: crate::Paths::after_sign_out
    pub fn finish_sign_out(&mut self, state: &str) -> bool {
        self.session.finish_sign_out(state)
    }

    /// Signs the user out here and at Logto: returns the redirect to Logto's end-session
    /// endpoint (or home when nobody was signed in). Check the form's CSRF token first
    /// ([`AuthSession::checked_form`]).
    pub async fn sign_out(&mut self) -> Result<Redirect, Error> {
        let after = &self.logto.paths().after_sign_out;
        match self.session.sign_out_at_logto(self.logto.client()).await? {
            Some(url) => Ok(Redirect::to(url.as_str())),
            None => Ok(Redirect::to(after)),
        }
    }
}

/// A signed-in user, or a redirect to sign in (and back to the page asked for): the guard for
/// protected pages.
///
/// ```
/// use logto_axum::SignedIn;
///
/// async fn account(SignedIn(logto): SignedIn) -> String {
///     let user = logto.id_token_claims().map(|u| u.sub.clone()).unwrap_or_default();
///     format!("signed in as {user}")
/// }
/// ```
pub struct SignedIn(pub LogtoClient);

impl<S> FromRequestParts<S> for SignedIn
where
    S: Send + Sync,
    Logto: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let client = LogtoClient::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        if client.is_authenticated() {
            return Ok(Self(client));
        }
        let asked = OriginalUri::from_request_parts(parts, state)
            .await
            .map(|OriginalUri(uri)| uri)
            .unwrap_or_else(|_| parts.uri.clone());
        let back = asked
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_string();
        let mut to = Url::parse("http://sign-in.invalid")
            .map_err(|_| Error::Internal("a constant URL".into()).into_response())?;
        to.set_path(&client.logto.paths().sign_in);
        to.query_pairs_mut().append_pair("return_to", &back);
        let location = match to.query() {
            Some(query) => format!("{}?{query}", to.path()),
            None => to.path().to_string(),
        };
        Err(Redirect::to(&location).into_response())
    }
}
