/**
 * {@code POST /api/v1/push/test}: a user checks that notifications reach their own
 * device. Rate limited per user in Redis (shared by all instances) and sent through the
 * same durable path as signal pushes.
 */
package com.bowwow.push.testpush;
