# Media relay helpers for the end-to-end tests (sourced after lib.sh).

# media_range: sets MEDIA_MIN/MEDIA_MAX to 40 ports at a random even base (the relay skips ports
# someone else holds, so parallel tests do not need disjoint ranges).
media_range() {
  MEDIA_MIN=$(( (20000 + RANDOM % 9000) & ~1 ))
  MEDIA_MAX=$((MEDIA_MIN + 39))
}

# yaml_media: the media section for 127.0.0.1 and MEDIA_MIN..MEDIA_MAX.
yaml_media() {
  printf '%s\n' "media:" "  address: 127.0.0.1" "  port_min: $MEDIA_MIN" "  port_max: $MEDIA_MAX"
}
