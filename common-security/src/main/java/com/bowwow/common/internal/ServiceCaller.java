package com.bowwow.common.internal;

/**
 * The service that called an internal endpoint, as its verified token says; the principal
 * of {@code /internal/**} requests.
 *
 * @param name the calling service ({@code iss})
 */
public record ServiceCaller(String name) {

}
