package com.bowwow.common.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Web conventions shared by every service.
 *
 * @param maxRequestBody largest request body accepted; larger ones get a 413 problem
 */
@ConfigurationProperties("bowwow.web")
public record BowWowWebProperties(@DefaultValue("64KB") DataSize maxRequestBody) {

}
