import { useEffect, useState, type FormEvent } from "react";
import {
  CompleteSignUpDocument,
  ConfirmEmailChangeDocument,
  RequestSignUpDocument,
  SignInDocument,
  SignOutDocument,
} from "../../src/generated/graphql/graphql.ts";
import { describeError, request, RequestError } from "./client.ts";
import { TodayView } from "./Today.tsx";
import { AdminGate } from "./Admin.tsx";

const TOKEN_KEY = "today.sessionToken";

/** Served by the gateway (src/http/web.ts): the demo account in development, null in production. */
interface WebConfig {
  demoAccount: { email: string; password: string } | null;
}

export function App() {
  const [token, setToken] = useState<string | null>(() => localStorage.getItem(TOKEN_KEY));
  const [config, setConfig] = useState<WebConfig | null>(null);

  useEffect(() => {
    fetch("/web-config.json")
      .then((response) => (response.ok ? (response.json() as Promise<WebConfig>) : { demoAccount: null }))
      .catch(() => ({ demoAccount: null }))
      .then(setConfig);
  }, []);

  const signedIn = (newToken: string) => {
    localStorage.setItem(TOKEN_KEY, newToken);
    setToken(newToken);
  };
  const signedOut = () => {
    localStorage.removeItem(TOKEN_KEY);
    setToken(null);
  };
  const signOut = async () => {
    try {
      if (token) await request(SignOutDocument, {}, token);
    } catch {
      // The session may be gone already; forgetting the token signs out either way.
    }
    signedOut();
  };

  const confirmToken = /^#confirm-email=(.+)$/.exec(window.location.hash)?.[1];
  if (confirmToken) return <ConfirmEmail linkToken={confirmToken} />;
  if (token)
    return (
      <AdminGate token={token}>
        <TodayView token={token} onSignOut={signOut} onSessionLost={signedOut} />
      </AdminGate>
    );
  if (!config)
    return (
      <p className="status" role="status">
        Loading…
      </p>
    );
  const verifyToken = /^#verify=(.+)$/.exec(window.location.hash)?.[1];
  if (verifyToken) return <CompleteSignUp linkToken={verifyToken} onSignedIn={signedIn} />;
  return <SignIn demoAccount={config.demoAccount} onSignedIn={signedIn} />;
}

/** The page the mailed email-change link opens: redeems it once (the link is the credential). */
function ConfirmEmail(props: { linkToken: string }) {
  const [state, setState] = useState<{ done: boolean; error: string | null }>({ done: false, error: null });
  useEffect(() => {
    request(ConfirmEmailChangeDocument, { token: props.linkToken }, null)
      .then(() => setState({ done: true, error: null }))
      .catch((caught: unknown) => setState({ done: false, error: describeError(caught) }));
  }, [props.linkToken]);
  return (
    <main className="signin">
      <h1>Today</h1>
      {state.error ? (
        <p className="error" role="alert">
          {state.error}
        </p>
      ) : (
        <p className="status" role="status">
          {state.done ? "Your sign-in address is changed." : "Confirming your new address…"}
        </p>
      )}
      <a href="/">Continue to Today</a>
    </main>
  );
}

/** The page the mailed sign-up link opens: redeems the link once, then signs in. */
function CompleteSignUp(props: { linkToken: string; onSignedIn: (token: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const { linkToken, onSignedIn } = props;
  useEffect(() => {
    request(CompleteSignUpDocument, { token: linkToken }, null)
      .then((data) => {
        window.history.replaceState(null, "", window.location.pathname);
        onSignedIn(data.completeSignUp.token);
      })
      .catch((caught: unknown) => setError(describeError(caught)));
  }, [linkToken, onSignedIn]);
  return (
    <main className="signin">
      <h1>Today</h1>
      {error ? (
        <p className="error" role="alert">
          {error} <a href="/">Back to sign-in</a>
        </p>
      ) : (
        <p className="status" role="status">
          Creating your account…
        </p>
      )}
    </main>
  );
}

function SignIn(props: { demoAccount: WebConfig["demoAccount"]; onSignedIn: (token: string) => void }) {
  const [mode, setMode] = useState<"signIn" | "signUp">("signIn");
  const [email, setEmail] = useState(props.demoAccount?.email ?? "");
  const [password, setPassword] = useState(props.demoAccount?.password ?? "");
  const [displayName, setDisplayName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [mailedTo, setMailedTo] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === "signIn") {
        const data = await request(SignInDocument, { input: { email, password } }, null);
        props.onSignedIn(data.signIn.token);
      } else {
        const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        // The answer is the same whether or not the address has an account: the mail tells its owner.
        await request(RequestSignUpDocument, { input: { email, password, displayName, timezone } }, null);
        setMailedTo(email);
        setBusy(false);
      }
    } catch (caught) {
      setError(
        caught instanceof RequestError && caught.code === "UNAUTHENTICATED" && mode === "signIn"
          ? "That email and password don't match an account."
          : describeError(caught),
      );
      setBusy(false);
    }
  };

  if (mailedTo) {
    return (
      <main className="signin">
        <h1>Today</h1>
        <p className="status" role="status">
          Check your inbox at {mailedTo}: a link there finishes creating your account.
        </p>
        <button
          type="button"
          className="link"
          onClick={() => {
            setMailedTo(null);
            setMode("signIn");
          }}
        >
          Back to sign-in
        </button>
      </main>
    );
  }

  return (
    <main className="signin">
      <h1>Today</h1>
      <form onSubmit={submit} aria-labelledby="signin-title">
        <h2 id="signin-title">{mode === "signIn" ? "Sign in" : "Create an account"}</h2>
        {props.demoAccount && mode === "signIn" && <p className="hint">Development: the demo account is filled in.</p>}
        {mode === "signUp" && (
          <label>
            Name
            <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} required autoComplete="name" />
          </label>
        )}
        <label>
          Email
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="email" />
        </label>
        <label>
          Password
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoComplete={mode === "signIn" ? "current-password" : "new-password"}
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {mode === "signIn" ? "Sign in" : "Sign up"}
        </button>
        <button type="button" className="link" onClick={() => setMode(mode === "signIn" ? "signUp" : "signIn")}>
          {mode === "signIn" ? "No account yet? Sign up" : "Have an account? Sign in"}
        </button>
      </form>
    </main>
  );
}
