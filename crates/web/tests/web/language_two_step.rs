//! Two-step sign-in in Spanish (issue #23 item 2): an applicant who reads Spanish turns it on,
//! sees her recovery codes and how many are left, and signs in again through the code page, all
//! in Spanish, mistakes included; the code page between password and code speaks the
//! account's language in a browser that has none of its own. The English of the same pages
//! is held by `recovery_codes` and `security_accounts`.

use axum::http::StatusCode;

use crate::support::{Client, TestApp, recovery_codes_on, secret_on, totp_at};

const ANA: &str = "ana@example.org";

/// A code the key does not show now, nor in the steps either side.
fn wrong_code(secret: &str, now: i64) -> String {
    let near: Vec<String> = [-30, 0, 30]
        .iter()
        .map(|d| totp_at(secret, now + d))
        .collect();
    (0..10)
        .map(|d| format!("{d}{d}{d}{d}{d}{d}"))
        .find(|c| !near.contains(c))
        .expect("a wrong code")
}

fn assert_spanish(body: &str, texts: &[&str], english: &[&str]) {
    assert!(body.contains("<html lang=\"es\""), "{body}");
    for text in texts {
        assert!(body.contains(text), "{text:?} in {body}");
    }
    for text in english {
        assert!(!body.contains(text), "{text:?} in {body}");
    }
}

async fn two_step_sign_in_in_spanish(app: TestApp) {
    let mut ana = app.client();
    ana.sign_in(ANA).await;
    ana.post("/language", &[("language", "es")]).await;

    let form = ana.get("/sign-in/enrol").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert_spanish(
        &form.body,
        &[
            "<h1>Active la verificación en dos pasos</h1>",
            "<p>Con la verificación en dos pasos, para iniciar sesión necesita un código de una aplicación de autenticación además de su contraseña.</p>",
            "aria-label=\"Código QR para su aplicación de autenticación\"",
            "<label for=\"code\">Código de la aplicación</label>",
            "<button type=\"submit\">Activar la verificación en dos pasos</button>",
        ],
        // Not the staff's reason: she is an applicant.
        &[
            "El personal de las asociaciones",
            "Set up two-step",
            "authenticator app",
        ],
    );
    let secret = secret_on(&form.body);
    let now = chrono::Utc::now().timestamp();
    let refused = ana
        .post(
            "/sign-in/enrol",
            &[("code", &wrong_code(&secret, now)), ("next", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_spanish(
        &refused.body,
        &[
            "<p class=\"alert\" role=\"alert\">Ese código no es correcto. Escriba los 6 dígitos que la aplicación muestra ahora; si sigue fallando, compruebe que la hora de su teléfono se ajusta automáticamente.</p>",
        ],
        &["That code is not right"],
    );
    let codes = ana
        .post(
            "/sign-in/enrol",
            &[("code", &totp_at(&secret, now)), ("next", "")],
        )
        .await;
    assert_eq!(codes.status, StatusCode::OK, "{}", codes.body);
    assert_spanish(
        &codes.body,
        &[
            "<h1>La verificación en dos pasos está activada</h1>",
            "Guarde estos códigos de recuperación en un lugar seguro",
            ">Continuar</a>",
        ],
        &["Keep these recovery codes"],
    );
    // Shown only once, so no language switch that would load another page in its place; and
    // she is signed in, so the header says so.
    assert!(
        !codes.body.contains("id=\"language-switch\""),
        "{}",
        codes.body
    );
    assert!(
        codes.body.contains("Sesión iniciada como Ana Ruiz"),
        "{}",
        codes.body
    );
    let recovery = recovery_codes_on(&codes.body);
    assert_eq!(recovery.len(), 10);

    let on = ana.get("/sign-in/enrol").await;
    assert_spanish(
        &on.body,
        &[
            "<h1>La verificación en dos pasos está activada</h1>",
            "<p id=\"codes-left\">Le quedan 10 códigos de recuperación sin usar.</p>",
            "<button type=\"submit\">Generar códigos de recuperación nuevos</button>",
        ],
        &["unused recovery", "Two-step sign-in"],
    );
    let refused = ana
        .post(
            "/account/recovery-codes",
            &[("code", &wrong_code(&secret, now))],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_spanish(
        &refused.body,
        &[
            "id=\"code-error\">Ese código no es correcto. Escriba los 6 dígitos que su aplicación muestra ahora.</p>",
        ],
        &["That code is not right"],
    );

    // A new browser, with no language of its own: the code page follows her account.
    let mut again: Client<'_> = app.client();
    let code_page = again.password_then_code_page(ANA).await;
    assert_spanish(
        &code_page.body,
        &[
            "<h1>Escriba su código de inicio de sesión</h1>",
            "<label for=\"code\">Código</label>",
            "<a href=\"/sign-in\">Empezar de nuevo</a>",
        ],
        &["Enter your sign-in code", "Start again"],
    );
    let wrong = again
        .post(
            "/sign-in/code",
            &[("code", &wrong_code(&secret, now)), ("next", "")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_spanish(
        &wrong.body,
        &[
            "Ese código no es correcto. Escriba los 6 dígitos que su aplicación muestra ahora o uno de sus códigos de recuperación.",
        ],
        &["That code is not right"],
    );
    let spent = again
        .post("/sign-in/code", &[("code", &recovery[0]), ("next", "")])
        .await;
    assert_eq!(spent.status, StatusCode::SEE_OTHER, "{}", spent.body);
    let reused = {
        let mut third: Client<'_> = app.client();
        third.password_then_code_page(ANA).await;
        third
            .post("/sign-in/code", &[("code", &recovery[0]), ("next", "")])
            .await
    };
    assert_eq!(reused.status, StatusCode::UNAUTHORIZED);
    assert_spanish(
        &reused.body,
        &["Ese código de recuperación no es correcto o ya se usó."],
        &["recovery code is not right"],
    );
    let left = again.get("/sign-in/enrol").await;
    assert!(
        left.body
            .contains("<p id=\"codes-left\">Le quedan 9 códigos de recuperación sin usar.</p>"),
        "{}",
        left.body
    );
}

#[tokio::test]
async fn two_step_sign_in_speaks_spanish_on_sqlite() {
    two_step_sign_in_in_spanish(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn two_step_sign_in_speaks_spanish_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        two_step_sign_in_in_spanish(app).await;
    }
}
