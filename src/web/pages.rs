//! Page handlers: read through the store, build the view struct, render.

use super::auth::Ctx;
use super::error::WebError;
use super::page_cache::PageKey;
use super::views::{detail, misc, overview};
use super::WebState;
use crate::accounts::Role;
use crate::key::TargetKey;
use crate::model::{FindingCode, Severity};
use crate::store::{OverviewData, OverviewFilter};
use actix_web::web;
use chrono::Utc;
use maud::Markup;
use serde::Deserialize;

const PER_PAGE: usize = 50;
/// Incidents listed at the top of the overview.
const INCIDENTS: usize = 12;

/// Overview query string.
#[derive(Deserialize, Default)]
pub struct OverviewQuery {
    q: Option<String>,
    tenant: Option<String>,
    status: Option<String>,
    code: Option<String>,
    page: Option<usize>,
}

/// GET /.
pub async fn overview(
    ctx: Ctx,
    q: web::Query<OverviewQuery>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    // A page already rendered from current data is served here, on the worker: one
    // `PRAGMA data_version` read, no hop to the blocking pool.
    if let Ok(session) = ctx.require(Role::Viewer) {
        if let Some(data) = state.store.overview_data_if_current() {
            let (key, _) = page_key(&state, &ctx, session, Utc::now());
            if let Some(template) = state.pages.cached(&data, &key) {
                return Ok(super::Reply::text(
                    actix_web::http::StatusCode::OK,
                    "text/html; charset=utf-8",
                    template.fill(session),
                ));
            }
        }
    }
    crate::web::blocking(move || {
        let session = ctx.require(Role::Viewer)?;
        let data = state.store.overview_data()?;
        let now = Utc::now();
        let (key, next_cycle) = page_key(&state, &ctx, session, now);
        let no_channel = state.alerts.channels.is_empty();
        let template = state.pages.get(&data, key, &ctx, |ctx| {
            render_overview(ctx, &q, &data, now, next_cycle, no_channel).into_string()
        });
        Ok(super::Reply::text(
            actix_web::http::StatusCode::OK,
            "text/html; charset=utf-8",
            template.fill(session),
        ))
    })
    .await
}

/// What a rendered overview page depends on besides the data, and the next cycle's time.
fn page_key(
    state: &WebState,
    ctx: &Ctx,
    session: &crate::store::Session,
    now: chrono::DateTime<Utc>,
) -> (PageKey, Option<chrono::DateTime<Utc>>) {
    let next_cycle = state.pages.next_cycle(&state.site.schedule, now);
    let key = PageKey {
        lang: ctx.lang.code(),
        role: session.user.role,
        path: ctx.path.clone(),
        minute: now.timestamp().div_euclid(60),
        next_cycle: next_cycle.map(|t| t.timestamp()),
        tz: ctx.tz,
    };
    (key, next_cycle)
}

fn render_overview(
    ctx: &Ctx,
    q: &OverviewQuery,
    data: &OverviewData,
    now: chrono::DateTime<Utc>,
    next_cycle: Option<chrono::DateTime<Utc>>,
    no_channel: bool,
) -> Markup {
    let filter = OverviewFilter {
        q: q.q.clone().filter(|s| !s.trim().is_empty()),
        tenant: q.tenant.as_deref().and_then(|t| t.parse().ok()),
        status: q.status.as_deref().and_then(Severity::parse),
        code: q
            .code
            .clone()
            .filter(|c| FindingCode::ALL.iter().any(|k| k.as_str() == c)),
    };
    let page = q.page.unwrap_or(1).max(1);
    let filter_is_empty = page == 1
        && filter.q.is_none()
        && filter.tenant.is_none()
        && filter.status.is_none()
        && filter.code.is_none();
    let (rows, total) = data.page(&filter, PER_PAGE, (page - 1) * PER_PAGE);
    // The roll-up of the app registrations on this page, from the read model.
    let mailboxes = rows
        .iter()
        .filter(|r| r.kind == "app")
        .filter_map(|r| Some((r.id, *data.mailboxes.get(&r.id)?)))
        .collect();
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("q", &filter.q),
        ("tenant", &filter.tenant.map(|t| t.to_string())),
        ("status", &filter.status.map(|s| s.as_str().to_string())),
        ("code", &filter.code),
    ] {
        if let Some(v) = v {
            query.append_pair(k, v);
        }
    }
    let view = overview::OverviewPage {
        counts: data.counts.clone(),
        rows,
        total,
        page,
        per_page: PER_PAGE,
        filter,
        tenants: data.tenants.clone(),
        last_cycle: data.last_cycle,
        next_cycle,
        expiring: data.expiring.clone(),
        incidents: if filter_is_empty {
            data.incidents.iter().take(INCIDENTS).cloned().collect()
        } else {
            Vec::new()
        },
        incidents_total: data.incidents.len(),
        new_apps: data.new_apps.clone(),
        mailboxes,
        no_channel,
        now,
        query: query.finish(),
    };
    overview::overview(ctx, &view)
}

/// GET /tenants/{id}.
pub async fn tenant(
    ctx: Ctx,
    id: web::Path<i64>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    crate::web::blocking(move || {
        ctx.require(Role::Viewer)?;
        let tenant = state.store.tenant(*id)?.ok_or(WebError::NotFound)?;
        let apps = state
            .store
            .apps_of_tenant(tenant.id)?
            .into_iter()
            .map(|a| {
                let s = state
                    .store
                    .target_state(&app_key(&a.tenant_id, &a.client_id))?;
                let n = state.store.mailboxes_of_app(a.id)?.len();
                Ok((a, s, n))
            })
            .collect::<Result<_, crate::store::StoreError>>()?;
        let maintenance = state
            .store
            .alert_state(&TargetKey::tenant(&tenant.tenant_id).to_string(), "")?;
        let signal = state.store.tenant_activity(tenant.id)?;
        Ok(detail::tenant(
            &ctx,
            &detail::TenantPage {
                tenant,
                apps,
                maintenance,
                signal: signal.state,
                signal_read_at: signal.read_at,
                now: Utc::now(),
            },
        ))
    })
    .await
}

/// `?watched=1` after an app was watched from discovery.
#[derive(serde::Deserialize)]
pub struct AppNotice {
    watched: Option<String>,
}

/// GET /apps/{id}.
pub async fn app(
    ctx: Ctx,
    id: web::Path<i64>,
    q: web::Query<AppNotice>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    let redirect_uri = super::relink::redirect_uri(&state);
    let st = state.clone();
    let mut view = crate::web::blocking(move || {
        ctx.require(Role::Viewer)?;
        let state = st;
        let app = state.store.app(*id)?.ok_or(WebError::NotFound)?;
        let key = app_key(&app.tenant_id, &app.client_id);
        let mailboxes = state
            .store
            .mailboxes_of_app(app.id)?
            .into_iter()
            .map(|m| {
                let s = state.store.target_state(&mailbox_key(
                    &app.tenant_id,
                    &app.client_id,
                    &m.address,
                ))?;
                let snap = state.store.mailbox_snapshot(m.id)?;
                Ok((m, s, snap))
            })
            .collect::<Result<_, crate::store::StoreError>>()?;
        let view = detail::AppPage {
            state: state.store.target_state(&key)?,
            snapshot: state.store.app_snapshot(app.id)?,
            history: state.store.history(&key, 50)?,
            alert: state.store.alert_state(&key, &app.tenant_id)?,
            redirect_uri,
            mailboxes,
            activity: state.store.tenant_activity(app.tenant_ref)?,
            fix: state.store.fix_of("app", app.id)?,
            app_url: app_url(&state, &app),
            watched: q.watched.is_some(),
            secret_rules: None,
            app,
            now: Utc::now(),
        };
        Ok((view, ctx))
    })
    .await?;
    let (ref mut page, ref ctx) = view;
    // An expiring or expired secret: do the tenant's policies allow a new one? (read now)
    let expiring = page.state.as_ref().is_some_and(|s| {
        s.findings.iter().any(|f| {
            matches!(
                f.code,
                FindingCode::SecretExpiring | FindingCode::SecretExpired
            )
        })
    });
    if expiring {
        page.secret_rules = crate::usecases::rotate::secret_rules(&state.checker, &page.app)
            .await
            .ok()
            .filter(|r| r.blocked || r.max_days.is_some());
    }
    Ok(detail::app(ctx, page))
}

/// `?relinked=1` after a re-link.
#[derive(Deserialize)]
pub struct Relinked {
    relinked: Option<String>,
}

/// GET /mailboxes/{id}.
pub async fn mailbox(
    ctx: Ctx,
    id: web::Path<i64>,
    q: web::Query<Relinked>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    crate::web::blocking(move || {
        ctx.require(Role::Viewer)?;
        let mailbox = state.store.mailbox(*id)?.ok_or(WebError::NotFound)?;
        let app = state
            .store
            .app(mailbox.app_ref)?
            .ok_or(WebError::NotFound)?;
        let key = mailbox_key(&app.tenant_id, &app.client_id, &mailbox.address);
        let view = detail::MailboxPage {
            state: state.store.target_state(&key)?,
            snapshot: state.store.mailbox_snapshot(mailbox.id)?,
            history: state.store.history(&key, 50)?,
            alert: state.store.alert_state(&key, &app.tenant_id)?,
            relinked: q.relinked.is_some(),
            activity: state.store.tenant_activity(app.tenant_ref)?,
            fix: state.store.fix_of("mailbox", mailbox.id)?,
            app_url: app_url(&state, &app),
            mailbox,
            app,
            now: Utc::now(),
        };
        Ok(detail::mailbox(&ctx, &view))
    })
    .await
}

/// `/history`'s query: the search text, the filters and the page.
#[derive(Deserialize, Default)]
pub struct HistoryQuery {
    page: Option<usize>,
    q: Option<String>,
    /// `changes`, `actions`, or both (empty).
    kind: Option<String>,
    status: Option<String>,
    user: Option<String>,
    /// Dates (`YYYY-MM-DD`) in the reader's time zone, both included.
    from: Option<String>,
    to: Option<String>,
    /// `1`: list sign-ins too.
    signins: Option<String>,
}

impl HistoryQuery {
    /// The filter, days taken in `tz`; and the query string that keeps it (for the pager).
    fn filter(&self, tz: chrono_tz::Tz) -> (crate::store::HistoryFilter, misc::HistoryForm) {
        let day = |d: &Option<String>, next: bool| {
            let date = chrono::NaiveDate::parse_from_str(d.as_deref()?.trim(), "%Y-%m-%d").ok()?;
            let date = if next { date.succ_opt()? } else { date };
            let local = date
                .and_hms_opt(0, 0, 0)?
                .and_local_timezone(tz)
                .earliest()?;
            Some(local.with_timezone(&Utc))
        };
        let pick = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(String::from)
        };
        let form = misc::HistoryForm {
            q: pick(&self.q).unwrap_or_default(),
            kind: pick(&self.kind).filter(|k| k == "changes" || k == "actions"),
            status: pick(&self.status).and_then(|s| crate::model::Severity::parse(&s)),
            user: pick(&self.user),
            from: pick(&self.from).filter(|_| day(&self.from, false).is_some()),
            to: pick(&self.to).filter(|_| day(&self.to, true).is_some()),
            sign_ins: self.signins.as_deref() == Some("1"),
        };
        let f = crate::store::HistoryFilter {
            status: form.status,
            actor: form.user.clone(),
            from: day(&self.from, false),
            to: day(&self.to, true),
            sign_ins: form.sign_ins,
        };
        (f, form)
    }
}

/// GET /history: status changes and actions, filtered by kind, status, user and dates;
/// sign-ins folded unless asked for; a recovery names the fix made in linkwatch before it.
pub async fn history(
    ctx: Ctx,
    q: web::Query<HistoryQuery>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    crate::web::blocking(move || {
        ctx.require(Role::Viewer)?;
        let page = q.page.unwrap_or(1).max(1);
        let (filter, form) = q.filter(ctx.tz);
        let find = form.q.as_str();
        let (limit, offset) = (PER_PAGE, (page - 1) * PER_PAGE);
        let changes = match form.kind.as_deref() {
            Some("actions") => Vec::new(),
            _ => state.store.history_filtered(find, &filter, limit, offset)?,
        };
        let audit = match form.kind.as_deref() {
            Some("changes") => Vec::new(),
            _ => state.store.audit_filtered(find, &filter, limit, offset)?,
        };
        let folded = match (form.kind.as_deref(), form.sign_ins) {
            (Some("changes"), _) | (_, true) => 0,
            _ => state.store.sign_ins_folded(find, &filter)?,
        };
        // Enough to offer a next page while either list may go on.
        let more = (changes.len() == PER_PAGE || audit.len() == PER_PAGE) as u64;
        let total = ((page - 1) * PER_PAGE) as u64 + changes.len().max(audit.len()) as u64 + more;
        let keys: Vec<&str> = changes.iter().map(|c| c.target_key.as_str()).collect();
        let links = state.store.target_links(&keys)?;
        let causes = recovery_causes(&state, &changes, &links)?;
        let names = audit_names(&state, &audit)?;
        let actors = state.store.audit_actors()?;
        Ok(misc::history(
            &ctx,
            misc::HistoryLists {
                changes: &changes,
                links: &links,
                causes: &causes,
                audit: &audit,
                names: &names,
                folded,
            },
            &form,
            &actors,
            (page, PER_PAGE, total),
        ))
    })
    .await
}

/// Audit targets as names with links: row ids (`mailbox:7`, `app:2`), target keys
/// (`mailbox:tenant/client/address`), client ids and tenant ids.
fn audit_names(
    state: &WebState,
    audit: &[crate::store::AuditEntry],
) -> Result<std::collections::HashMap<String, (String, String)>, WebError> {
    let targets: Vec<&str> = audit.iter().filter_map(|a| a.target.as_deref()).collect();
    let keys: Vec<&str> = targets
        .iter()
        .copied()
        .filter(|t| TargetKey::parse(t).is_some())
        .collect();
    let mut names = state.store.target_links(&keys)?;
    let tenants = state.store.tenants()?;
    // Every app registration by client id, read once when an entry names one.
    let mut by_client: Option<std::collections::HashMap<String, (String, String)>> = None;
    for t in targets {
        if names.contains_key(t) {
            continue;
        }
        let found = match row_name(state, t)? {
            Some(f) => Some(f),
            None => match tenants.iter().find(|x| x.tenant_id.eq_ignore_ascii_case(t)) {
                Some(x) => Some((x.name.clone(), crate::key::paths::tenant(x.id))),
                None if crate::input::ClientId::parse(t).is_some() => {
                    if by_client.is_none() {
                        let mut all = std::collections::HashMap::new();
                        for x in &tenants {
                            for a in state.store.apps_of_tenant(x.id)? {
                                all.entry(a.client_id.to_ascii_lowercase())
                                    .or_insert((a.name, crate::key::paths::app(a.id)));
                            }
                        }
                        by_client = Some(all);
                    }
                    by_client
                        .as_ref()
                        .and_then(|m| m.get(&t.to_ascii_lowercase()).cloned())
                }
                None => None,
            },
        };
        if let Some(f) = found {
            names.insert(t.to_string(), f);
        }
    }
    // A tenant's key (maintenance windows) reads as the tenant.
    for x in &tenants {
        let key = TargetKey::tenant(&x.tenant_id).to_string();
        if audit
            .iter()
            .any(|a| a.target.as_deref() == Some(key.as_str()))
        {
            names.insert(key, (x.name.clone(), crate::key::paths::tenant(x.id)));
        }
    }
    Ok(names)
}

/// The name and page of an audit target given as a row id (`mailbox:7`, `app:2`).
fn row_name(state: &WebState, target: &str) -> Result<Option<(String, String)>, WebError> {
    Ok(match crate::key::RowRef::parse(target) {
        Some(crate::key::RowRef::Mailbox(id)) => state
            .store
            .mailbox(id)?
            .map(|m| (m.address, crate::key::paths::mailbox(id))),
        Some(crate::key::RowRef::App(id)) => state
            .store
            .app(id)?
            .map(|a| (a.name, crate::key::paths::app(id))),
        None => None,
    })
}

/// For each recovery in `changes` (a problem back to OK): the fix made in linkwatch in the two
/// weeks before it — the target's own re-link or rotation, or its app registration's rotation.
fn recovery_causes(
    state: &WebState,
    changes: &[crate::store::HistoryEntry],
    links: &std::collections::HashMap<String, (String, String)>,
) -> Result<std::collections::HashMap<(String, i64), crate::store::Fix>, WebError> {
    use crate::model::Severity;
    let mut out = std::collections::HashMap::new();
    for c in changes {
        let recovered = c.status == Severity::Ok
            && matches!(
                c.previous_status,
                Some(Severity::Critical | Severity::Warning | Severity::Unknown)
            );
        let Some((_, url)) = links.get(&c.target_key).filter(|_| recovered) else {
            continue;
        };
        let mut candidates = Vec::new();
        if let Some(id) = url
            .strip_prefix("/mailboxes/")
            .and_then(|i| i.parse::<i64>().ok())
        {
            candidates.push(state.store.fix_of("mailbox", id)?);
            if let Some(m) = state.store.mailbox(id)? {
                candidates.push(state.store.fix_of("app", m.app_ref)?);
            }
        } else if let Some(id) = url
            .strip_prefix("/apps/")
            .and_then(|i| i.parse::<i64>().ok())
        {
            candidates.push(state.store.fix_of("app", id)?);
        }
        let window = chrono::Duration::days(14);
        let fix = candidates
            .into_iter()
            .flatten()
            .filter(|f| f.fixed_at <= c.changed_at && f.fixed_at >= c.changed_at - window)
            .max_by_key(|f| f.fixed_at);
        if let Some(f) = fix {
            out.insert((c.target_key.clone(), c.changed_at.timestamp()), f);
        }
    }
    Ok(out)
}

/// Where an application's own settings are: its URL, or in the demo the simulated
/// application's settings page.
fn app_url(state: &WebState, app: &crate::store::AppDetail) -> Option<String> {
    match &state.site.simulated_portal {
        Some(sim) => Some(format!(
            "{}/{}/apps/{}/settings",
            sim.trim_end_matches('/'),
            app.tenant_id,
            app.client_id
        )),
        None => app.consumer_url.clone(),
    }
}

/// The target key of an app, as the cycle records it.
pub fn app_key(tenant_id: &str, client_id: &str) -> String {
    TargetKey::app(tenant_id, client_id).to_string()
}

/// The target key of a mailbox, as the cycle records it.
pub fn mailbox_key(tenant_id: &str, client_id: &str, address: &str) -> String {
    TargetKey::mailbox(tenant_id, client_id, address).to_string()
}
