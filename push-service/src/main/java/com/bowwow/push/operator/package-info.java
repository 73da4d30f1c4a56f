/**
 * Operator endpoints under {@code /api/v1/push/operator/} (the operator token, never a
 * user token): delivery records to see what became of pushes, dead letters, and replaying
 * one.
 */
package com.bowwow.push.operator;
