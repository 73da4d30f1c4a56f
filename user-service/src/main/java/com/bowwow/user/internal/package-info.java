/**
 * Service-to-service endpoints under {@code /internal/}: never routed by the gateway,
 * reachable only inside the VPC. push-service reads where and how to notify a user, and
 * reports device tokens APNs refused.
 */
package com.bowwow.user.internal;
