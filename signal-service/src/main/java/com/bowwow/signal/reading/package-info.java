/**
 * Reading signals back: what a user received and what they sent in the last 24 hours.
 */
package com.bowwow.signal.reading;
