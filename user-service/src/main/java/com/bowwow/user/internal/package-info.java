/**
 * Service-to-service endpoints under {@code /internal/}: never routed by the gateway, and
 * open only to push-service's service token ({@code bowwow.internal.access} in
 * {@code application.yml}, checked by {@code com.bowwow.common.internal}). push-service
 * reads where and how to notify a user, and reports device tokens APNs refused.
 */
package com.bowwow.user.internal;
