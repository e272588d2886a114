"use client";

import Link from "next/link";
import Alert from "react-bootstrap/Alert";
import Button from "react-bootstrap/Button";
import Spinner from "react-bootstrap/Spinner";
import { AdminConsole } from "@/components/admin/admin-console";
import { signInWithKeycloak, useAuth } from "@/components/auth/use-auth";

/** The console is only drawn for the admin role; the admin API checks the role again on every request. */
export function AdminGate() {
  const { status, token, isAdmin } = useAuth();
  if (status === "loading") return <Spinner animation="border" size="sm" role="status" aria-label="Loading" />;
  if (!token) {
    return (
      <Alert variant="info" data-testid="admin-login-required">
        <Alert.Heading as="h1">Admins only</Alert.Heading>
        <p>Log in with an admin account to manage coupons.</p>
        <Button onClick={signInWithKeycloak}>Log in</Button>
      </Alert>
    );
  }
  if (!isAdmin) {
    return (
      <Alert variant="danger" data-testid="admin-forbidden">
        <Alert.Heading as="h1">Not allowed</Alert.Heading>
        <p>Your account cannot manage coupons.</p>
        <Link href="/">Back to the catalogue</Link>
      </Alert>
    );
  }
  return <AdminConsole token={token} />;
}
