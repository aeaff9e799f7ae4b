//! Dashboard users: admins add accounts, change roles, reset passwords and delete accounts;
//! every user changes their own password. Changes reach open sessions at once, the last admin
//! stays, and bad input saves nothing.

#[macro_use]
mod support;

use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use support::dash::{csrf_of, dash, get, login, login_with, post, Svc, PASSWORD};

const NEW: &str = "a much longer pass phrase";

/// A form's fields, the id of the message expected, and the message.
type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);

fn id_of(d: &support::dash::Dash, name: &str) -> i64 {
    d.data
        .store
        .user_by_name(name)
        .unwrap()
        .expect("the account exists")
        .0
        .id
}

/// `ended` is signed out, the old password is refused and `NEW` signs in.
async fn password_replaced<S, B>(app: &S, name: &str, ended: &Cookie<'static>)
where
    S: Svc<B>,
    B: actix_web::body::MessageBody,
{
    assert_eq!(
        get(app, "/", Some(ended), None).await.0,
        StatusCode::SEE_OTHER,
        "{name}'s other session is signed out"
    );
    assert_eq!(
        login_with(app, name, PASSWORD).await.unwrap_err(),
        StatusCode::UNAUTHORIZED
    );
    assert!(login_with(app, name, NEW).await.is_ok());
}

/// Posts a case's fields: refused with 422, its message next to its field, no password echoed.
async fn refused<S, B>(app: &S, path: &str, session: &Cookie<'static>, csrf: &str, case: Case<'_>)
where
    S: Svc<B>,
    B: actix_web::body::MessageBody,
{
    let (fields, id, message) = case;
    let mut form = vec![("_csrf", csrf)];
    form.extend_from_slice(fields);
    let (status, body) = post(app, path, session, &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
    let at = body
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("{id} in {body}"));
    assert!(body[at..].contains(message), "{message} next to {id}");
    assert!(!body.contains(NEW), "a typed password is never sent back");
}

#[actix_web::test]
async fn admins_add_users_who_can_sign_in_and_bad_input_saves_nothing() {
    let d = dash().await;
    let app = app!(d);
    for who in ["vera", "oscar"] {
        let s = login(&app, who).await;
        assert_eq!(
            get(&app, "/manage/users/new", Some(&s), None).await.0,
            StatusCode::FORBIDDEN
        );
        let (_, page) = get(&app, "/", Some(&s), None).await;
        let form = [
            ("_csrf", csrf_of(&page)),
            ("name", "mallory".into()),
            ("role", "admin".into()),
            ("password", NEW.into()),
            ("password2", NEW.into()),
        ];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            post(&app, "/manage/users/new", &s, &form).await.0,
            StatusCode::FORBIDDEN,
            "{who} may not add accounts"
        );
    }
    let a = login(&app, "alice").await;
    let (status, page) = get(&app, "/manage/users/new", Some(&a), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Operator — also checks now, re-links and silences"));
    let csrf = csrf_of(&page);
    let without_csrf = [
        ("name", "nina"),
        ("role", "viewer"),
        ("password", NEW),
        ("password2", NEW),
    ];
    assert_eq!(
        post(&app, "/manage/users/new", &a, &without_csrf).await.0,
        StatusCode::FORBIDDEN
    );
    let cases: [Case; 5] = [
        (
            &[
                ("name", "bad name!"),
                ("role", "viewer"),
                ("password", NEW),
                ("password2", NEW),
            ],
            "f-name-error",
            "Use 1 to 64 letters",
        ),
        (
            &[
                ("name", "VERA"),
                ("role", "viewer"),
                ("password", NEW),
                ("password2", NEW),
            ],
            "f-name-error",
            "already exists",
        ),
        (
            &[
                ("name", "nina"),
                ("role", "root"),
                ("password", NEW),
                ("password2", NEW),
            ],
            "f-role-error",
            "Choose a role",
        ),
        (
            &[
                ("name", "nina"),
                ("role", "viewer"),
                ("password", "short"),
                ("password2", "short"),
            ],
            "f-password-error",
            "at least 10 characters",
        ),
        (
            &[
                ("name", "nina"),
                ("role", "viewer"),
                ("password", NEW),
                ("password2", "a much longer pass phrasE"),
            ],
            "f-password2-error",
            "The two passwords differ",
        ),
    ];
    for case in cases {
        refused(&app, "/manage/users/new", &a, &csrf, case).await;
        assert_eq!(
            d.data.store.users().unwrap().len(),
            3,
            "nothing saved: {:?}",
            case.0
        );
    }
    let (status, _) = post(
        &app,
        "/manage/users/new",
        &a,
        &[
            ("_csrf", &csrf),
            ("name", "nina"),
            ("role", "operator"),
            ("password", NEW),
            ("password2", NEW),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let n = login_with(&app, "nina", NEW)
        .await
        .expect("the new account signs in");
    assert_eq!(get(&app, "/", Some(&n), None).await.0, StatusCode::OK);
    assert_eq!(
        get(&app, "/manage", Some(&n), None).await.0,
        StatusCode::FORBIDDEN,
        "an operator does not manage"
    );
    let (_, manage) = get(&app, "/manage", Some(&a), None).await;
    let row = &manage[manage.find("<td>nina</td>").expect("nina is listed")..];
    assert!(
        row.contains("Operator") && row.contains("open sessions: 1"),
        "{row}"
    );
    assert!(manage.contains("<td>alice <span class=\"tag\">you</span></td>"));
    let (_, login_page) = get(&app, "/login", None, None).await;
    assert!(
        login_page.contains("Forgot your password?")
            && login_page.contains("linkwatch user add NAME --role ROLE"),
        "the way back in is on the sign-in page"
    );
    let audit = d.data.store.audit_log(10, 0).unwrap();
    assert!(audit.iter().any(|e| e.action == "user.create"
        && e.actor == "alice"
        && e.target.as_deref() == Some("nina")));
}

#[actix_web::test]
async fn role_changes_and_password_resets_reach_open_sessions_at_once() {
    let d = dash().await;
    let app = app!(d);
    let a = login(&app, "alice").await;
    let a2 = login(&app, "alice").await;
    let o = login(&app, "oscar").await;
    let oscar = id_of(&d, "oscar");
    let path = format!("/manage/users/{oscar}");
    let (status, page) = get(&app, &path, Some(&a), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("User oscar") && page.contains("Leave both empty"));
    let csrf = csrf_of(&page);

    // Operator → viewer, password kept: oscar's open session may no longer check.
    let (status, _) = post(
        &app,
        &path,
        &a,
        &[
            ("_csrf", &csrf),
            ("role", "viewer"),
            ("password", ""),
            ("password2", ""),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = get(&app, "/", Some(&o), None).await;
    assert_eq!(
        post(&app, "/check", &o, &[("_csrf", &csrf_of(&page))])
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert!(
        login_with(&app, "oscar", PASSWORD).await.is_ok(),
        "password kept"
    );

    // A reset ends oscar's sessions; only the new password signs in.
    let (status, _) = post(
        &app,
        &path,
        &a,
        &[
            ("_csrf", &csrf),
            ("role", "viewer"),
            ("password", NEW),
            ("password2", NEW),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    password_replaced(&app, "oscar", &o).await;

    // Resetting one's own password keeps this session and ends the others.
    let me = format!("/manage/users/{}", id_of(&d, "alice"));
    let (status, _) = post(
        &app,
        &me,
        &a,
        &[
            ("_csrf", &csrf),
            ("role", "admin"),
            ("password", NEW),
            ("password2", NEW),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(get(&app, "/manage", Some(&a), None).await.0, StatusCode::OK);
    assert_eq!(
        get(&app, "/manage", Some(&a2), None).await.0,
        StatusCode::SEE_OTHER
    );
    let audit = d.data.store.audit_log(10, 0).unwrap();
    assert!(audit.iter().any(|e| e.action == "user.update"
        && e.target.as_deref() == Some("oscar")
        && e.detail.as_deref() == Some("role operator → viewer")));
}

#[actix_web::test]
async fn the_last_admin_stays_and_nobody_deletes_themselves() {
    let d = dash().await;
    let app = app!(d);
    let a = login(&app, "alice").await;
    let alice = id_of(&d, "alice");
    let (_, page) = get(&app, &format!("/manage/users/{alice}"), Some(&a), None).await;
    let csrf = csrf_of(&page);
    let (status, body) = post(
        &app,
        &format!("/manage/users/{alice}"),
        &a,
        &[("_csrf", &csrf), ("role", "operator")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("This is the last admin account"), "{body}");
    let delete = format!("/manage/users/{alice}/delete");
    let (status, body) = post(&app, &delete, &a, &[("_csrf", &csrf), ("confirm", "yes")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("You cannot delete your own account"),
        "{body}"
    );
    assert_eq!(
        d.data.store.user(alice).unwrap().unwrap().role,
        linkwatch::accounts::Role::Admin
    );

    // The store refuses as well, whoever calls it.
    let vera = id_of(&d, "vera");
    let err = d
        .data
        .store
        .update_user(
            alice,
            &linkwatch::store::UserChange {
                role: linkwatch::accounts::Role::Viewer,
                password_hash: None,
            },
            "test",
            None,
            chrono::Utc::now(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("last admin"), "{err}");

    // With vera made admin, vera may delete alice: alice's session ends with her account.
    // (First alice steps down to operator herself: she lands on her account page.)
    let (status, _) = post(
        &app,
        &format!("/manage/users/{vera}"),
        &a,
        &[("_csrf", &csrf), ("role", "admin")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let req = actix_web::test::TestRequest::post()
        .uri(&format!("/manage/users/{alice}"))
        .cookie(a.clone())
        .set_form([("_csrf", csrf.as_str()), ("role", "operator")])
        .to_request();
    let resp = actix_web::test::call_service(&app, req).await;
    assert_eq!(resp.headers().get("location").unwrap(), "/account");
    assert_eq!(
        get(&app, "/manage", Some(&a), None).await.0,
        StatusCode::FORBIDDEN
    );
    let v = login(&app, "vera").await;
    let (_, page) = get(&app, "/manage", Some(&v), None).await;
    let vcsrf = csrf_of(&page);
    let (status, _) = post(&app, &delete, &v, &[("_csrf", &vcsrf)]).await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "without the confirmation nothing happens"
    );
    assert!(d.data.store.user(alice).unwrap().is_some());
    let (status, _) = post(&app, &delete, &v, &[("_csrf", &vcsrf), ("confirm", "yes")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(d.data.store.user(alice).unwrap().is_none());
    assert_eq!(
        get(&app, "/", Some(&a), None).await.0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        post(
            &app,
            "/manage/users/999/delete",
            &v,
            &[("_csrf", &vcsrf), ("confirm", "yes")]
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn every_user_changes_their_own_password() {
    let d = dash().await;
    let app = app!(d);
    let v1 = login(&app, "vera").await;
    let v2 = login(&app, "vera").await;
    let (status, page) = get(&app, "/account", Some(&v1), Some("nl")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Uw account")
            && page.contains("Kijker")
            && page.contains("href=\"/account\"")
    );
    let csrf = csrf_of(&page);
    let cases: [Case; 3] = [
        (
            &[
                ("current", "not my password"),
                ("password", NEW),
                ("password2", NEW),
            ],
            "f-current-error",
            "This is not your current password",
        ),
        (
            &[
                ("current", PASSWORD),
                ("password", "short"),
                ("password2", "short"),
            ],
            "f-password-error",
            "at least 10 characters",
        ),
        (
            &[("current", PASSWORD), ("password", NEW), ("password2", "")],
            "f-password2-error",
            "The two passwords differ",
        ),
    ];
    for case in cases {
        refused(&app, "/account", &v1, &csrf, case).await;
    }
    assert!(
        login_with(&app, "vera", PASSWORD).await.is_ok(),
        "nothing changed"
    );
    let (status, _) = post(
        &app,
        "/account",
        &v1,
        &[
            ("_csrf", &csrf),
            ("current", PASSWORD),
            ("password", NEW),
            ("password2", NEW),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = get(&app, "/account?done=password", Some(&v1), None).await;
    assert_eq!(status, StatusCode::OK, "this session stays");
    assert!(page.contains("Password changed"));
    password_replaced(&app, "vera", &v2).await;

    // Signing out everywhere else, without changing the password (password_replaced signed in
    // once with the new password; v3 is the second other session).
    let v3 = login_with(&app, "vera", NEW).await.unwrap();
    let (_, page) = get(&app, "/account", Some(&v1), None).await;
    assert!(
        page.contains("Signed in elsewhere too: 2 other sessions"),
        "{page}"
    );
    assert_eq!(
        post(&app, "/account/sessions", &v1, &[("_csrf", "forged")])
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, _) = post(&app, "/account/sessions", &v1, &[("_csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        get(&app, "/", Some(&v3), None).await.0,
        StatusCode::SEE_OTHER
    );
    let (_, page) = get(&app, "/account?done=sessions", Some(&v1), None).await;
    assert!(
        page.contains("Your other sessions were signed out")
            && page.contains("You are signed in only here")
    );

    // Guessing the current password runs into the sign-in limit.
    let o = login(&app, "oscar").await;
    let (_, page) = get(&app, "/account", Some(&o), None).await;
    let csrf = csrf_of(&page);
    let mut last = String::new();
    for _ in 0..6 {
        last = post(
            &app,
            "/account",
            &o,
            &[
                ("_csrf", &csrf),
                ("current", "guess guess guess"),
                ("password", NEW),
                ("password2", NEW),
            ],
        )
        .await
        .1;
    }
    assert!(last.contains("Too many wrong passwords"), "{last}");
}
