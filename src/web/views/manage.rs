//! The manage pages: lists of tenants, app registrations and mailboxes, and their forms with
//! validation messages next to each field.

use super::layout::{csrf, page};
use super::parts::pager;
use crate::accounts::Role;
use crate::explain::Lang;
use crate::store::{AppDetail, MailboxDetail, TenantDetail, UserRow};
use crate::web::auth::Ctx;
use maud::{html, Markup};

/// One form field.
pub struct Field {
    /// Form name.
    pub name: &'static str,
    /// Label.
    pub label: String,
    /// Current value (never a secret).
    pub value: String,
    /// `text`, `password`, `date`, `url`, `email`, or `select`.
    pub kind: &'static str,
    /// Options for a select: (value, label).
    pub options: Vec<(String, String)>,
    /// Help below the field.
    pub help: String,
    /// The validation message.
    pub error: Option<String>,
    /// Must be filled in.
    pub required: bool,
}

/// A form page.
pub struct FormPage {
    /// Heading.
    pub title: String,
    /// Where it posts.
    pub action: String,
    /// The fields.
    pub fields: Vec<Field>,
    /// A message above the form.
    pub error: Option<String>,
    /// Delete action, for existing rows.
    pub delete: Option<String>,
    /// What the delete checkbox confirms, when not the targets' default.
    pub delete_label: Option<String>,
}

/// One page of the mailboxes on Manage, with the search that chose them.
pub struct MailboxList<'a> {
    /// The mailboxes of this page, with their app registration's name.
    pub rows: &'a [(MailboxDetail, String)],
    /// The search text.
    pub q: &'a str,
    /// The page, from 1.
    pub page: usize,
    /// Mailboxes per page.
    pub per_page: usize,
    /// Mailboxes matching the search.
    pub total: u64,
}

/// The list of everything, with links to add and edit.
pub fn index(
    ctx: &Ctx,
    tenants: &[TenantDetail],
    apps: &[AppDetail],
    mailboxes: &MailboxList<'_>,
    users: &[UserRow],
    notice: Option<&str>,
) -> Markup {
    let l = ctx.lang;
    let declared = |c: bool| {
        if c {
            html! { span class="tag" { (l.t("config-file")) } }
        } else {
            html! {}
        }
    };
    let body = html! {
        h1 { (l.t("manage")) }
        @if let Some(n) = notice { p class="notice" role="status" { (n) } }
        p class="hint" { (l.t("targets-from-the-config-file-are")) }
        nav class="jump" aria-label=(l.t("sections")) {
            a href="#tenants" { (l.t("tenants")) } " · "
            a href="#apps" { (l.t("app-registrations")) } " · "
            a href="#mailboxes" { (l.t("mailboxes")) } " · "
            a href="#users" { (l.t("dashboard-users")) }
        }
        h2 id="tenants" { (l.t("tenants")) } p { a class="button" href="/manage/tenants/connect" { (l.t("connect-a-tenant")) } " " a href="/manage/tenants/new" { "+ " (l.t("add-a-tenant-by-hand")) } }
        table { tbody { @for t in tenants { tr { td { (t.name) " " code { (t.tenant_id) } " " (declared(t.from_config)) } td { @if !t.from_config { a href=(format!("/manage/tenants/{}", t.id)) { (l.t("edit")) } } } } } } }
        h2 id="apps" { (l.t("app-registrations")) } p { a href="/manage/apps/new" { "+ " (l.t("add-an-app-registration")) } }
        table { tbody { @for a in apps { tr { td { (a.name) " " span class="muted" { (a.tenant_name) } " " (declared(a.from_config)) } td { @if !a.from_config { a href=(format!("/manage/apps/{}", a.id)) { (l.t("edit")) } } } } } } }
        h2 id="mailboxes" { (l.t("mailboxes")) } p { a href="/manage/mailboxes/new" { "+ " (l.t("add-a-mailbox")) } }
        form method="get" action="/manage" class="filters" role="search" {
            label for="manage-q" { (l.t("find-a-mailbox")) input id="manage-q" name="q" type="search" value=(mailboxes.q) placeholder=(l.t("address-or-app")); }
            button type="submit" { (l.t("search")) }
        }
        table { tbody { @for (m, app) in mailboxes.rows { tr { td { (m.address) " " span class="muted" { (app) } " " (declared(m.from_config)) } td { @if !m.from_config { a href=(format!("/manage/mailboxes/{}", m.id)) { (l.t("edit")) } } } } } } }
        @if mailboxes.total as usize > mailboxes.per_page || mailboxes.page > 1 {
            (pager(&pager_base(mailboxes.q), mailboxes.page, mailboxes.per_page, mailboxes.total, l))
        }
        h2 id="users" { (l.t("dashboard-users")) } p { a href="/manage/users/new" { "+ " (l.t("add-a-user")) } }
        table {
            thead { tr { th { (l.t("name")) } th { (l.t("role")) } th { (l.t("last-signed-in")) } th { span class="sr-only" { (l.t("actions")) } } } }
            tbody { @for u in users { tr {
                td { (u.user.name) @if ctx.session.as_ref().is_some_and(|s| s.user.id == u.user.id) { " " span class="tag" { (l.t("you")) } } }
                td { (role_word(u.user.role, l)) }
                td { @match u.last_login_at { Some(t) => (ctx.clock().datetime(t)), None => (l.t("never")) } @if u.sessions > 0 { " · " (l.t("open-sessions")) ": " (u.sessions) } }
                td { a href=(format!("/manage/users/{}", u.user.id)) { (l.t("edit")) } }
            } } }
        }
    };
    page(ctx, l.t("manage"), body)
}

/// A form with its fields and their messages.
pub fn form(ctx: &Ctx, f: &FormPage) -> Markup {
    let l = ctx.lang;
    let body = html! {
        p class="crumbs" { a href="/manage" { (l.t("manage")) } }
        h1 { (f.title) }
        @if let Some(e) = &f.error { p class="error" role="alert" { (e) } }
        form method="post" action=(f.action) class="stack" novalidate {
            (csrf(ctx))
            @for field in &f.fields { (render_field(field, l)) }
            button type="submit" { (l.t("save")) }
        }
        @if let Some(del) = &f.delete {
            h2 { (l.t("delete")) }
            form method="post" action=(del) class="stack" {
                (csrf(ctx))
                label { span { input type="checkbox" name="confirm" value="yes" required; " " (f.delete_label.as_deref().unwrap_or(l.t("yes-delete-it-with-its-history"))) } }
                button type="submit" class="danger" { (l.t("delete")) }
            }
        }
    };
    page(ctx, &f.title, body)
}

/// One labelled field with its message and help.
pub fn render_field(f: &Field, _l: Lang) -> Markup {
    let id = format!("f-{}", f.name);
    let err_id = format!("{id}-error");
    html! {
        label for=(id) {
            (f.label) @if f.required { " *" }
            @if f.kind == "select" {
                select id=(id) name=(f.name) aria-invalid=[f.error.as_ref().map(|_| "true")] aria-describedby=[f.error.as_ref().map(|_| err_id.clone())] {
                    @for (v, label) in &f.options { option value=(v) selected[*v == f.value] { (label) } }
                }
            } @else {
                input id=(id) name=(f.name) type=(f.kind) value=(f.value) autocomplete="off" aria-invalid=[f.error.as_ref().map(|_| "true")] aria-describedby=[f.error.as_ref().map(|_| err_id.clone())];
            }
            @if let Some(e) = &f.error { span id=(err_id) class="field-error" { (e) } }
            @if !f.help.is_empty() { span class="help" { (f.help) } }
        }
    }
}

/// A role's name with what it may do.
pub fn role_word(r: Role, l: Lang) -> &'static str {
    match r {
        Role::Viewer => l.t("viewer"),
        Role::Operator => l.t("operator"),
        Role::Admin => l.t("admin"),
    }
}

/// The address of the mailbox list for a search, to which the pager adds the page.
fn pager_base(q: &str) -> String {
    if q.is_empty() {
        "/manage".into()
    } else {
        let q: String = url::form_urlencoded::byte_serialize(q.as_bytes()).collect();
        format!("/manage?q={q}")
    }
}
