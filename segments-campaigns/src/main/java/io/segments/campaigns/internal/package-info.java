/** Template parsing and rendering, the providers, configuration reading, rate limiting and JSON helpers; not API. */
package io.segments.campaigns.internal;
