/**
 * How long signals live: deleted after the retention period (30 days by default).
 */
package com.bowwow.signal.retention;
