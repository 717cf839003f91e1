import { createContext, useContext } from "react";

// The per-request CSP nonce that lets Remix's inline scripts run.
const NonceContext = createContext<string | undefined>(undefined);
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
