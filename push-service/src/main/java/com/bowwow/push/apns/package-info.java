/**
 * Talking to Apple Push Notification service: one shared Pushy client with token
 * authentication when APNs credentials are configured, a logging stand-in when none are,
 * and the classification of APNs answers into sent, rejected for good, or worth another
 * try.
 */
package com.bowwow.push.apns;
