#!/usr/bin/env bash
# Remakes the emulator's embedded media samples. Needs ffmpeg with libx264 at development time only; the emulator
# itself never runs ffmpeg, it repeats these samples into MP4 files of the requested length (see Mp4Writer.cs).
#
# gop-WxH.h264: one closed 1 s GOP per documented aspect ratio, Annex B, 10 fps, constrained baseline, no B-frames,
#   one slice per frame, SEI removed: an IDR frame of colour bars and nine P-frames of a white square crossing them.
# silence.aac: a run of AAC-LC frames (ADTS, 48 kHz mono) of digital silence, taken after the encoder's first frame,
#   which carries its name and priming; every frame of the run decodes alone, so the run can be repeated.
set -euo pipefail
cd "$(dirname "$0")"

for size in 224x96 160x90 160x120 128x128 120x160 90x160; do
    width=${size%x*}
    ffmpeg -v error -y \
        -f lavfi -i "smptebars=size=${size}:rate=10:duration=1" \
        -f lavfi -i "color=white:size=16x16:rate=10" \
        -filter_complex "[0][1]overlay=x='(main_w-overlay_w)*t/0.9':y='(main_h-overlay_h)/2':shortest=1" \
        -c:v libx264 -profile:v baseline -pix_fmt yuv420p -bf 0 -crf 35 \
        -x264-params "keyint=10:min-keyint=10:scenecut=0:slices=1:aud=0" \
        -bsf:v filter_units=remove_types=6 -f h264 "gop-${size}.h264"
done

ffmpeg -v error -y -f lavfi -i "anullsrc=r=48000:cl=mono" -t 1 -c:a aac -b:a 32k -f adts silence-full.aac
# Drop the first ADTS frame (28 bytes: encoder name and priming), keep the next 16 (11 bytes each).
python3 - <<'PY'
data = open("silence-full.aac", "rb").read()
frames, offset = [], 0
while offset < len(data):
    length = ((data[offset + 3] & 3) << 11) | (data[offset + 4] << 3) | (data[offset + 5] >> 5)
    frames.append(data[offset:offset + length])
    offset += length
open("silence.aac", "wb").write(b"".join(frames[1:17]))
PY
rm silence-full.aac
