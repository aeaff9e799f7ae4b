//! Dashboard users: admins add accounts, change roles, reset passwords and delete accounts.
//! A reset or a deletion ends that account's sessions at once; the last admin stays admin.

use super::*;
use crate::accounts::{hash_password, validate_name};
use crate::store::UserChange;

/// The role choices, each with what it may do.
fn roles(l: Lang) -> Vec<(String, String)> {
    [
        (Role::Viewer, l.t("reads")),
        (Role::Operator, l.t("also-checks-now-re-links-and")),
        (Role::Admin, l.t("also-manages-targets-users-and-settings")),
    ]
    .into_iter()
    .map(|(r, what)| {
        (
            r.as_str().to_string(),
            format!("{} — {what}", manage::role_word(r, l)),
        )
    })
    .collect()
}

/// The two password fields; `keep` says an empty pair keeps the current password.
pub(in crate::web) fn password_fields(l: Lang, keep: bool, errors: &FieldErrors) -> Vec<Field> {
    let help = if keep {
        l.t("leave-both-empty-to-keep-the")
    } else {
        l.t("at-least-10-characters")
    };
    vec![
        field(
            "password",
            l.t("new-password"),
            "password",
            "",
            !keep,
            help,
            errors,
        ),
        field(
            "password2",
            l.t("new-password-again"),
            "password",
            "",
            !keep,
            "",
            errors,
        ),
    ]
}

/// The hash of the new password in `password` (typed twice), `None` when both are empty and
/// `keep` allows that; a problem is recorded in `e`.
pub(in crate::web) fn new_password(
    l: Lang,
    v: &HashMap<String, String>,
    keep: bool,
    e: &mut FieldErrors,
) -> Option<String> {
    let password = v.get("password").map(String::as_str).unwrap_or("");
    let again = v.get("password2").map(String::as_str).unwrap_or("");
    if password.is_empty() && again.is_empty() && keep {
        return None;
    }
    if password.chars().count() < 10 {
        fail(e, "password", l.t("use-at-least-10-characters"));
        return None;
    }
    if password != again {
        fail(e, "password2", l.t("the-two-passwords-differ"));
        return None;
    }
    match hash_password(password) {
        Ok(h) => Some(h),
        Err(err) => {
            fail(e, "password", &err.to_string());
            None
        }
    }
}

/// What a valid user form holds.
struct UserInput {
    name: String,
    role: Role,
    password_hash: Option<String>,
}

fn user_form(
    l: Lang,
    frame: Frame,
    name: Option<&str>,
    v: &HashMap<String, String>,
    errors: &FieldErrors,
) -> FormPage {
    let mut fields = Vec::new();
    if name.is_none() {
        fields.push(field(
            "name",
            l.t("name"),
            "text",
            get(v, "name"),
            true,
            l.t("used-to-sign-in-letters-digits"),
            errors,
        ));
    }
    let mut role = field(
        "role",
        l.t("role"),
        "select",
        get(v, "role"),
        true,
        "",
        errors,
    );
    role.options = roles(l);
    fields.push(role);
    fields.extend(password_fields(l, name.is_some(), errors));
    FormPage {
        title: match name {
            Some(n) => format!("{} {n}", l.t("user")),
            None => l.t("new-user").into(),
        },
        action: frame.action,
        error: frame.error,
        delete: frame.delete,
        delete_label: Some(l.t("yes-delete-this-account-and-sign").into()),
        fields,
    }
}

fn validate_user(
    l: Lang,
    v: &HashMap<String, String>,
    existing: Option<&str>,
    state: &WebState,
) -> Result<Result<UserInput, FieldErrors>, WebError> {
    let mut e = FieldErrors::new();
    let name = match existing {
        Some(n) => n.to_string(),
        None => {
            let name = get(v, "name");
            if validate_name(name).is_err() {
                fail(&mut e, "name", l.t("use-1-to-64-letters-digits"));
            } else if state.store.user_by_name(name)?.is_some() {
                fail(&mut e, "name", l.t("an-account-with-this-name-already"));
            }
            name.to_string()
        }
    };
    let role = Role::parse(get(v, "role"));
    if role.is_none() {
        fail(&mut e, "role", l.t("choose-a-role"));
    }
    let password_hash = new_password(l, v, existing.is_some(), &mut e);
    Ok(match role {
        Some(role) if e.is_empty() => Ok(UserInput {
            name,
            role,
            password_hash,
        }),
        _ => Err(e),
    })
}

/// Why an admin may not make this change, in the page's language: nobody deletes their own
/// account, and the last admin stays admin. (The store refuses both too, in one transaction.)
fn refusal(
    l: Lang,
    state: &WebState,
    user: &crate::store::User,
    me: i64,
    new_role: Option<Role>,
) -> Result<Option<String>, WebError> {
    if new_role.is_none() && user.id == me {
        return Ok(Some(l.t("you-cannot-delete-your-own-account").into()));
    }
    let demoted = new_role != Some(Role::Admin);
    let others = state
        .store
        .users()?
        .iter()
        .filter(|u| u.role == Role::Admin && u.id != user.id)
        .count();
    Ok((user.role == Role::Admin && demoted && others == 0)
        .then(|| l.t("this-is-the-last-admin-account").into()))
}

fn user_of(state: &WebState, id: i64) -> Result<crate::store::User, WebError> {
    state.store.user(id)?.ok_or(WebError::NotFound)
}

/// A user's form keeps its delete action after a refusal: the refusal may be about deleting.
fn frame_for(id: Option<i64>, error: Option<String>) -> Frame {
    Frame {
        error,
        ..Frame::of("users", id)
    }
}

/// GET /manage/users/new and /manage/users/{id}.
pub async fn user_page(
    ctx: Ctx,
    id: Option<web::Path<i64>>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    crate::web::blocking(move || {
        ctx.require(Role::Admin)?;
        let id = id.map(|i| *i);
        let user = id.map(|i| user_of(&state, i)).transpose()?;
        let mut v = HashMap::new();
        v.insert(
            "role".to_string(),
            user.as_ref()
                .map_or(Role::Viewer, |u| u.role)
                .as_str()
                .to_string(),
        );
        Ok(manage::form(
            &ctx,
            &user_form(
                ctx.lang,
                frame_for(id, None),
                user.as_ref().map(|u| u.name.as_str()),
                &v,
                &HashMap::new(),
            ),
        ))
    })
    .await
}

/// POST /manage/users/new and /manage/users/{id}.
pub async fn user_save(
    ctx: Ctx,
    id: Option<web::Path<i64>>,
    form: Form,
    state: web::Data<WebState>,
) -> Result<crate::web::Reply, WebError> {
    crate::web::blocking(move || {
        let s = ctx.require_post(Role::Admin, &form)?;
        let id = id.map(|i| *i);
        let user = id.map(|i| user_of(&state, i)).transpose()?;
        let existing = user.as_ref().map(|u| u.name.as_str());
        let validated = validate_user(ctx.lang, &form, existing, &state)?;
        if let (Some(u), Ok(input)) = (&user, &validated) {
            if let Some(msg) = refusal(ctx.lang, &state, u, s.user.id, Some(input.role))? {
                return Ok(invalid(manage::form(
                    &ctx,
                    &user_form(
                        ctx.lang,
                        frame_for(id, Some(msg)),
                        existing,
                        &form,
                        &HashMap::new(),
                    ),
                )));
            }
        }
        // An admin who gives up their own admin role can no longer see Manage afterwards.
        let leaves_admin =
            id == Some(s.user.id) && validated.as_ref().is_ok_and(|i| i.role != Role::Admin);
        let result = try_save(validated, |input| match id {
            None => state.store.create_user(
                &input.name,
                input.role,
                input.password_hash.as_deref().unwrap_or_default(),
                &s.user.name,
                Utc::now(),
            ),
            Some(id) => {
                // Editing oneself keeps one's own session; everyone else's ends on a reset.
                let keep = (id == s.user.id).then_some(ctx.token.as_deref()).flatten();
                let change = UserChange {
                    role: input.role,
                    password_hash: input.password_hash.as_deref(),
                };
                state
                    .store
                    .update_user(id, &change, &s.user.name, keep, Utc::now())
                    .map(|()| id)
            }
        })?;
        Ok(match result {
            None if leaves_admin => crate::web::see_other("/account"),
            None => crate::web::see_other("/manage?done=saved#users"),
            Some((errors, msg)) => invalid(manage::form(
                &ctx,
                &user_form(ctx.lang, frame_for(id, msg), existing, &form, &errors),
            )),
        })
    })
    .await
}

/// POST /manage/users/{id}/delete.
pub async fn user_delete(
    ctx: Ctx,
    id: web::Path<i64>,
    form: Form,
    state: web::Data<WebState>,
) -> Result<crate::web::Reply, WebError> {
    crate::web::blocking(move || {
        let s = ctx.require_post(Role::Admin, &form)?;
        let user = user_of(&state, *id)?;
        if get(&form, "confirm") != "yes" {
            return Ok(crate::web::see_other(&format!("/manage/users/{}", user.id)));
        }
        let refused = match refusal(ctx.lang, &state, &user, s.user.id, None)? {
            Some(msg) => Err(StoreError::Invalid(msg)),
            None => state.store.delete_user(user.id, &s.user, Utc::now()),
        };
        match refused {
            Ok(()) => Ok(crate::web::see_other("/manage?done=deleted#users")),
            Err(e) => {
                let msg = form_error(e)?;
                let mut v = HashMap::new();
                v.insert("role".to_string(), user.role.as_str().to_string());
                Ok(invalid(manage::form(
                    &ctx,
                    &user_form(
                        ctx.lang,
                        frame_for(Some(user.id), Some(msg)),
                        Some(&user.name),
                        &v,
                        &HashMap::new(),
                    ),
                )))
            }
        }
    })
    .await
}
