//! `GET /`: the setup page, the ways in, or who you are.

use axum::{
    extract::{RawQuery, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{
    SessionView, SetupPage, SignedInPage, SignedOutPage, UserView, account,
    origin::other_local_origin,
};
use crate::{
    auth::AuthSession,
    error::AppError,
    i18n::{Lang, Tr},
    query::parse_query,
    state::AppState,
};

#[derive(Deserialize, Default)]
struct HomeQuery {
    /// Logto echoes the sign-out `state` when it sends the browser back here.
    state: Option<String>,
    /// `updated`: back from Logto's Account Center.
    account: Option<String>,
}

pub async fn home(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    mut session: AuthSession,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let Some(logto) = state.logto.as_ref() else {
        return Ok(SetupPage::new(&state.config.base_url, t).into_response());
    };
    let query: HomeQuery = parse_query(query.as_deref()).unwrap_or_default();
    let mut signed_out = false;
    if let Some(returned_state) = query.state {
        signed_out = session.finish_sign_out(&returned_state);
        if !signed_out {
            tracing::warn!("sign-out came back with a state we did not send; no notice shown");
        }
    }
    session.refresh_if_needed(logto).await?;
    // Back from the Account Center: read the profile again, and say what changed.
    let account_changes = match (query.account.as_deref(), session.user()) {
        (Some("updated"), Some(user)) => {
            let before = user.profile.clone();
            session.fetch_user_info(logto).await?;
            session
                .user()
                .map(|after| account::changes(&before, &after.profile))
        }
        _ => None,
    };
    let account_center = match session.user() {
        Some(_) => state.account_center.current(logto).await,
        None => Default::default(),
    };
    Ok(match session.user() {
        Some(user) => SignedInPage {
            t,
            user: UserView::new(&user.profile),
            session: SessionView::new(user, &logto.settings().resources, t),
            account_links: account_center
                .links(logto.settings().endpoint.as_str(), &state.config.base_url),
            name_editable: account::name_editable(&account_center),
            profile_link: account::profile_editable(&account_center),
            devices_link: account::devices_visible(&account_center),
            current_name: user.profile.name.clone().unwrap_or_default(),
            account_changes,
            inspector: state.config.inspector,
        }
        .into_response(),
        None => {
            let base = &state.config.base_url;
            let host_notice = other_local_origin(&headers, base).map(|opened| {
                t.t_args(
                    "home-host-mismatch",
                    &[
                        ("opened", opened.as_str()),
                        ("configured", base.as_str()),
                        ("callback", base.callback_url().as_str()),
                    ],
                )
            });
            SignedOutPage {
                t,
                signed_out,
                host_notice,
            }
            .into_response()
        }
    })
}
