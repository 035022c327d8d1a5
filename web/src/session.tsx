import { createContext, useContext } from "react";
import type { SessionUser } from "./api.ts";

export const SessionContext = createContext<SessionUser | null>(null);

/** The signed-in user (the app renders nothing below the router without one). */
export const useUser = (): SessionUser => {
  const user = useContext(SessionContext);
  if (!user) throw new Error("useUser outside a session");
  return user;
};

export const isDelivery = (user: SessionUser) =>
  user.role === "admin" || user.role === "director" || user.role === "dm";
export const isLeader = (user: SessionUser) => user.role === "admin" || user.role === "director";
